//! The `opmt` program: the desktop app with no subcommand, or a report on the
//! command line.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
