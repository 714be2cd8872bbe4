//! The operating system's file dialogs, through rfd's blocking dialogs (the desktop
//! only: a browser has only rfd's asynchronous ones).

use std::path::{Path, PathBuf};

use crate::platform::clock::{Duration, Instant};
use crate::platform::dialogs::{FileDialogs, FileKind, Picked};

/// The operating system's dialogs (through rfd). Where none can open (Linux with
/// neither a desktop portal nor zenity), says so, so the app can show its own.
#[derive(Debug, Default)]
pub struct NativeDialogs;

/// A real dialog cannot be answered faster than this: a quicker "cancel" means no
/// dialog appeared.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(250);

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self, kind: FileKind) -> Picked {
        if let Err(reason) = native_dialogs_available() {
            return Picked::Unavailable(reason);
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title(kind.open_title())
            .add_filter(kind.filter_name(), kind.extensions())
            .pick_file();
        judge(picked, started.elapsed())
    }

    fn pick_save(&mut self, kind: FileKind, file_name: &str) -> Picked {
        if let Err(reason) = native_dialogs_available() {
            return Picked::Unavailable(reason);
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title(kind.save_title())
            .add_filter(kind.filter_name(), kind.extensions())
            .set_file_name(file_name)
            .save_file();
        match judge(picked, started.elapsed()) {
            Picked::Chosen(path) => Picked::Chosen(kind.with_extension(path)),
            other => other,
        }
    }

    /// The folder opmt was started in.
    fn start_dir(&self) -> Option<std::path::PathBuf> {
        std::env::current_dir().ok()
    }
}

fn judge(picked: Option<PathBuf>, took: Duration) -> Picked {
    match picked {
        Some(path) => Picked::Chosen(path),
        None if took < NO_DIALOG_WITHIN => {
            Picked::Unavailable("the system file dialog did not open".into())
        }
        None => Picked::Cancelled,
    }
}

/// Whether the system can show a file dialog. On Linux and the BSDs rfd needs the
/// desktop portal (over D-Bus) or the `zenity` program; elsewhere it always can.
fn native_dialogs_available() -> Result<(), String> {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return Ok(());
    }
    let on_path = |program: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && [
            "/usr/libexec/xdg-desktop-portal",
            "/usr/lib/xdg-desktop-portal",
            "/usr/lib/x86_64-linux-gnu/xdg-desktop-portal",
            "/usr/local/libexec/xdg-desktop-portal",
        ]
        .iter()
        .any(|p| Path::new(p).is_file());
    if portal || on_path("zenity") {
        Ok(())
    } else {
        Err("this system has no desktop file dialog (neither the desktop portal nor zenity)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_cancel_means_no_dialog_appeared() {
        assert!(matches!(
            judge(None, Duration::from_millis(3)),
            Picked::Unavailable(_)
        ));
        assert_eq!(judge(None, Duration::from_secs(2)), Picked::Cancelled);
        assert_eq!(
            judge(Some(PathBuf::from("x.ron")), Duration::ZERO),
            Picked::Chosen(PathBuf::from("x.ron"))
        );
    }
}
