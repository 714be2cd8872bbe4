//! The command line: `opmt report`, `opmt compare`, `opmt validate`, and with no
//! subcommand the desktop app.
//!
//! Exit status: 0 on success, 1 for an invalid or unreadable model, 2 for bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use opmt::app::{NativeDialogs, OpmtApp, StartOptions};
use opmt::format::{FileError, Loaded, load_path};
use opmt::render::{self, json};

/// Outpatient Pathway Modelling Tool: model a referral-management process and see
/// where time and cost are saved against best practice.
#[derive(Parser, Debug)]
#[command(name = "opmt", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A model file to open in the desktop app.
    file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the cost, time and outcomes of one pathway.
    Report {
        /// The model file (.ron).
        file: PathBuf,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Compare a current pathway with a proposed one, at the current annual referrals.
    Compare {
        /// The current pathway (.ron).
        current: PathBuf,
        /// The proposed pathway (.ron), for example models/best-practice-ers.ron.
        proposed: PathBuf,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Simulate referrals one by one: percentiles of elapsed days and cost, and the
    /// share within 18 weeks.
    Simulate {
        /// The model file (.ron).
        file: PathBuf,
        /// How many referrals (default: the model's annual referrals).
        #[arg(long)]
        referrals: Option<u64>,
        /// Seed of the random numbers; the same seed gives the same result.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// A waiting-time target in days, reported beside the 18 weeks.
        #[arg(long, default_value_t = 126.0)]
        target_days: f64,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Which uncertain inputs move the cost and the days most (one at a time).
    Sensitivity {
        /// The model file (.ron).
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check model files and list every problem.
    Validate {
        /// The model files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

const INVALID: u8 = 1;

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Report { file, json }) => report(&file, json),
        Some(Command::Compare {
            current,
            proposed,
            json,
        }) => compare(&current, &proposed, json),
        Some(Command::Validate { files }) => validate(&files),
        Some(Command::Simulate {
            file,
            referrals,
            seed,
            threads,
            target_days,
            json,
        }) => {
            let threads = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            simulate(&file, referrals, seed, threads, target_days, json)
        }
        Some(Command::Sensitivity { file, json }) => sensitivity(&file, json),
        None => desktop(cli.file),
    }
}

fn desktop(file: Option<PathBuf>) -> ExitCode {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("opmt")
        .with_app_id("opmt")
        .with_inner_size([1440.0, 900.0])
        .with_min_inner_size([800.0, 560.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // A chosen data folder holds the preferences too, so tests never touch the user's.
        persistence_path: std::env::var_os(opmt::app::autosave::DATA_DIR_VAR)
            .filter(|d| !d.is_empty())
            .map(|d| PathBuf::from(d).join("app.ron")),
        ..Default::default()
    };
    let result = eframe::run_native(
        "opmt",
        options,
        Box::new(move |cc| {
            Ok(Box::new(OpmtApp::new(
                cc,
                StartOptions {
                    file,
                    dialogs: Box::new(NativeDialogs),
                    recovery_dir: opmt::app::autosave::recovery_dir(),
                },
            )))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opmt: cannot open the desktop window: {e}");
            ExitCode::from(INVALID)
        }
    }
}

/// Loads a model, printing its warnings (or errors) to stderr.
fn load(path: &Path) -> Result<Loaded, ExitCode> {
    match load_path(path) {
        Ok(loaded) => {
            let file = path.display().to_string();
            for w in &loaded.warnings {
                eprintln!("{}", w.with_file(&file));
            }
            Ok(loaded)
        }
        Err(e) => {
            print_error(&e);
            Err(ExitCode::from(INVALID))
        }
    }
}

fn print_error(e: &FileError) {
    for line in e.lines() {
        eprintln!("{line}");
    }
}

fn print_json(value: &serde_json::Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("opmt: cannot write JSON: {e}"),
    }
}

fn report(path: &Path, as_json: bool) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    match opmt::analyse(&loaded.pathway) {
        Ok(report) if as_json => print_json(&json::report_json(&report)),
        Ok(report) => print!("{}", render::report_text(&report)),
        Err(e) => {
            eprintln!("{}: error: {e}", path.display());
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

fn compare(current: &Path, proposed: &Path, as_json: bool) -> ExitCode {
    let (current_model, proposed_model) = match (load(current), load(proposed)) {
        (Ok(c), Ok(p)) => (c, p),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    match opmt::compare(&current_model.pathway, &proposed_model.pathway) {
        Ok(c) if as_json => print_json(&json::comparison_json(&c)),
        Ok(c) => print!("{}", render::comparison_text(&c)),
        Err(e) => {
            eprintln!("opmt: error: {e}");
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

fn simulate(
    path: &Path,
    referrals: Option<u64>,
    seed: u64,
    threads: usize,
    target_days: f64,
    as_json: bool,
) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let pathway = &loaded.pathway;
    let options = opmt::simulate::SimulationOptions {
        referrals: referrals.unwrap_or(pathway.annual_referrals.round().max(1.0) as u64),
        seed,
        threads: threads.max(1),
        target_days,
    };
    let progress = std::sync::Arc::new(opmt::simulate::Progress::default());
    let started = std::time::Instant::now();
    match opmt::simulate::simulate(pathway, &options, &progress) {
        Ok(result) if as_json => print_json(&json::simulation_json(&result)),
        Ok(result) => print!(
            "{}",
            render::simulation_text(&pathway.name, &result, started.elapsed().as_secs_f64())
        ),
        Err(e) => {
            eprintln!("{}: error: {e}", path.display());
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

fn sensitivity(path: &Path, as_json: bool) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    match opmt::sensitivity::sensitivity(&loaded.pathway) {
        Ok(swings) if as_json => print_json(&json::sensitivity_json(&swings)),
        Ok(swings) => print!("{}", render::sensitivity_text(&swings)),
        Err(e) => {
            eprintln!("{}: error: {e}", path.display());
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for path in files {
        match load(path) {
            Ok(loaded) => println!(
                "{}: ok ({} steps, {} roles, {} warning(s))",
                path.display(),
                loaded.pathway.steps.len(),
                loaded.pathway.roles.len(),
                loaded.warnings.len()
            ),
            Err(_) => all_valid = false,
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INVALID)
    }
}
