//! Recovery in a real process: the app binary under Xvfb (with openbox, so that it
//! takes key presses from xdotool) makes an edit, is killed with SIGKILL, and on
//! the next start offers the edit back; Enter restores it, unsaved, and the
//! model file on disk is untouched.
//!
//! Needs `Xvfb`, `openbox` and `xdotool` (`bash .ci/test.sh` installs them); without
//! them the test fails and says so rather than passing without having run.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic
#![cfg(unix)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use opmt::recovery::Record;

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn require(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "{tool} is not installed; this test needs Xvfb, openbox and xdotool \
         (apt-get install xvfb openbox xdotool, as bash .ci/test.sh does)"
    );
}

fn wait_for<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A free X display number and the Xvfb serving it.
fn start_xvfb() -> (String, Killed) {
    for n in 40..90 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists()
            || Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        {
            continue;
        }
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut xvfb = Killed(child);
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if socket.exists() {
                return (display, xvfb);
            }
            if xvfb.0.try_wait().ok().flatten().is_some() {
                break; // Lost a race for this display: try the next.
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("no X display could be started with Xvfb");
}

struct Desktop {
    display: String,
    runtime_dir: tempfile::TempDir,
    _xvfb: Killed,
    _wm: Killed,
}

impl Desktop {
    fn start() -> Self {
        for tool in ["Xvfb", "openbox", "xdotool"] {
            require(tool);
        }
        let (display, xvfb) = start_xvfb();
        let wm = Command::new("openbox")
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openbox");
        let runtime_dir = tempfile::tempdir().unwrap();
        let desktop = Self {
            display,
            runtime_dir,
            _xvfb: xvfb,
            _wm: Killed(wm),
        };
        // A window mapped before the window manager runs may never be managed (nor
        // drawn, nor given keys): wait until openbox answers for the desktop.
        wait_for(
            "openbox to manage the display",
            Duration::from_secs(60),
            || desktop.xdotool(&["get_num_desktops"]),
        );
        desktop
    }

    fn xdotool(&self, args: &[&str]) -> Option<String> {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// The id of the window of `app` whose title matches `pattern` (a regular
    /// expression; xdotool matches bytes, so no em dash). Fails at once if the app
    /// exits, and on a timeout says what the display held and what the app printed.
    fn window(&self, pattern: &str, app: &mut Killed, log: &Path) -> String {
        let start = Instant::now();
        loop {
            let found = self
                .xdotool(&["search", "--name", pattern])
                .and_then(|ids| ids.lines().next().map(str::to_owned));
            if let Some(id) = found {
                return id;
            }
            let exited = app.0.try_wait().ok().flatten();
            if exited.is_some() || start.elapsed() > Duration::from_secs(180) {
                let titles = self
                    .xdotool(&["search", "--name", "."])
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|id| self.xdotool(&["getwindowname", id]))
                    .collect::<Vec<_>>();
                let printed = std::fs::read_to_string(log).unwrap_or_default();
                let tail: Vec<&str> = printed.lines().rev().take(40).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                panic!(
                    "no window titled /{pattern}/ after {:.0} s (app exited: {exited:?}); \
                     windows on the display: {titles:?}; the app printed:\n{}",
                    start.elapsed().as_secs_f64(),
                    tail.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Focuses the window and presses the keys.
    fn keys(&self, window: &str, keys: &[&str]) {
        // The first frames of a new window may not take keys yet.
        std::thread::sleep(Duration::from_secs(2));
        self.xdotool(&["windowactivate", "--sync", window]);
        self.xdotool(&["windowfocus", "--sync", window]);
        std::thread::sleep(Duration::from_millis(500));
        for key in keys {
            self.xdotool(&["key", "--window", window, key])
                .expect("xdotool key");
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    fn app(&self, model: &Path, data_dir: &Path, stderr: &Path) -> Killed {
        let child = Command::new(env!("CARGO_BIN_EXE_opmt"))
            .arg(model)
            .env("DISPLAY", &self.display)
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_RUNTIME_DIR", self.runtime_dir.path())
            .env("OPMT_DATA_DIR", data_dir)
            .stdout(Stdio::null())
            .stderr(File::create(stderr).unwrap())
            .spawn()
            .expect("start opmt");
        Killed(child)
    }
}

fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("recovery")) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect()
}

fn read_record(path: &Path) -> Option<Record> {
    Record::from_ron(&std::fs::read_to_string(path).ok()?, path).ok()
}

#[test]
fn work_killed_with_sigkill_is_offered_back_at_the_next_start() {
    let desktop = Desktop::start();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let model = work.path().join("derm.ron");
    std::fs::copy("models/current-paper.ron", &model).unwrap();
    let original = std::fs::read(&model).unwrap();
    let steps = opmt::load_path(&model).unwrap().pathway.steps.len();

    // First run: add a step (Ctrl+E), wait for autosave, then kill -9.
    let log1 = work.path().join("first.log");
    let mut first = desktop.app(&model, &data, &log1);
    let window = desktop.window("derm\\.ron", &mut first, &log1);
    desktop.keys(&window, &["ctrl+e"]);
    let (file, record) = wait_for(
        "a recovery file with the new step",
        Duration::from_secs(30),
        || {
            recovery_files(&data).into_iter().find_map(|f| {
                let r = read_record(&f)?;
                (r.current.pathway.steps.len() == steps + 1).then_some((f, r))
            })
        },
    );
    assert!(record.current.unsaved);
    assert_eq!(record.current.path.as_deref(), Some(model.as_path()));
    first.0.kill().unwrap(); // SIGKILL: no chance to tidy up
    first.0.wait().unwrap();
    assert!(file.exists(), "the recovery file outlives the process");

    // Second run: the offer is made, Enter restores it.
    let log2 = work.path().join("second.log");
    let mut second = desktop.app(&model, &data, &log2);
    let offer = wait_for("the offer on stderr", Duration::from_secs(90), || {
        let text = std::fs::read_to_string(&log2).ok()?;
        text.lines()
            .find(|l| l.contains("offering to restore unsaved work from"))
            .map(str::to_owned)
    });
    assert!(
        offer.contains(&format!("{} steps", steps + 1)),
        "the offer carries the edit: {offer}"
    );
    let window = desktop.window("derm\\.ron", &mut second, &log2);
    desktop.keys(&window, &["Return"]);
    desktop.window("^\\* .*derm\\.ron", &mut second, &log2);
    let restored = wait_for(
        "the restored work in the new app's recovery file",
        Duration::from_secs(30),
        || {
            recovery_files(&data)
                .into_iter()
                .filter(|f| f != &file)
                .find_map(|f| read_record(&f))
        },
    );
    assert_eq!(restored.current.pathway.steps.len(), steps + 1);
    assert!(!file.exists(), "the old recovery file became the new app's");
    assert_eq!(
        std::fs::read(&model).unwrap(),
        original,
        "restoring never writes the user's file"
    );
}
