//! The `opmt` program: the desktop app with no subcommand, or a report on the
//! command line.

// On Windows, a double-click opens the app with no console window behind it; a
// command typed in a terminal attaches to that terminal instead (see `console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

mod cli;

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    console::attach_for_command_line();
    cli::run()
}

/// Windows: a windowed program has no console of its own, so `opmt.exe report FILE`
/// typed in cmd or PowerShell would print nothing. When the program is given a command
/// (anything but one file to open) and its output is not already redirected to a file
/// or a pipe, it attaches to the console of the terminal that started it.
#[cfg(windows)]
mod console {
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
    };

    /// Attaches to the parent's console when the arguments are a command.
    pub fn attach_for_command_line() {
        let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
        let opens_a_file = args.len() == 1 && std::path::Path::new(&args[0]).is_file();
        if args.is_empty() || opens_a_file {
            return;
        }
        attach_unless_redirected();
    }

    #[allow(unsafe_code)]
    fn attach_unless_redirected() {
        // SAFETY: both are plain Win32 calls with no pointers passed; a null or invalid
        // handle from GetStdHandle only means the output is not redirected, and a failed
        // AttachConsole (no parent console, as from Explorer) leaves things as they were.
        unsafe {
            let out = GetStdHandle(STD_OUTPUT_HANDLE);
            if out.is_null() || out as isize == -1 {
                AttachConsole(ATTACH_PARENT_PROCESS);
            }
        }
    }
}
