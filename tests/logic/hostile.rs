//! Hostile files: models, workspace files and spreadsheets built to crash, freeze or
//! fool opmt, each run through the real binary under a memory limit (`ulimit -v`) and
//! a time limit (`timeout`). Every run must end by itself with exit status 0, 1 or 2
//! and a message, never a panic, an abort, a kill or a time-out. The files are made
//! here, in a temporary folder, not checked in.
//!
//! The limits are the harness's, not assertions on a clock: a run over them is killed
//! by the system, and the test reports how it ended.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use opmt::model::{Estimate, Link, Pathway, Stage, Step};

/// Virtual memory a run may use, in KiB (`ulimit -v`): 1.5 GiB, which covers the
/// program's own mappings and leaves a few hundred MB for work.
const MEMORY_KIB: u64 = 1_536 * 1024;
/// Seconds a run may take (`timeout`), generous for a debug build on a busy machine.
const SECONDS: u32 = 60;

/// One run of the binary on hostile input.
struct Case {
    name: String,
    args: Vec<String>,
}

impl Case {
    fn new(name: &str, args: &[&str]) -> Self {
        Self {
            name: name.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
        }
    }
}

/// How a run ended.
struct Ended {
    /// Exit status, if it exited.
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(case: &Case) -> Ended {
    let script = format!("ulimit -v {MEMORY_KIB}; exec timeout --foreground -k 5 {SECONDS} \"$@\"");
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_opmt"))
        .args(&case.args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("sh runs");
    Ended {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// What is wrong with how a run ended, if anything.
fn verdict(ended: &Ended) -> Option<String> {
    let code = match ended.code {
        None => return Some("killed by a signal (out of memory or stack?)".into()),
        Some(124 | 137) => return Some(format!("ran past {SECONDS} s")),
        Some(c) => c,
    };
    if !(0..=2).contains(&code) {
        return Some(format!("exit status {code}"));
    }
    if ended.stderr.contains("panicked") || ended.stderr.contains("memory allocation") {
        return Some(format!("crashed: {}", first_lines(&ended.stderr)));
    }
    // `diff` exits 1 for "they differ", with the differences on stdout.
    if code != 0 && ended.stderr.trim().is_empty() && ended.stdout.is_empty() {
        return Some(format!("exit status {code} with no message"));
    }
    if ended.stdout.contains(&0x1b) || ended.stderr.contains('\u{1b}') {
        return Some("printed a raw escape character".into());
    }
    None
}

fn first_lines(text: &str) -> String {
    text.lines().take(3).collect::<Vec<_>>().join(" | ")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn ron(pathway: &Pathway) -> String {
    opmt::to_ron_string(pathway)
}

/// A chain of `n` steps: each leads to the next, the last ends.
fn chain(n: usize) -> Pathway {
    let mut p = Pathway::new(format!("Chain of {n}"));
    p.annual_referrals = 1_000.0;
    p.roles.push(opmt::Role::new("clerk", "Clerk", 30.0));
    for i in 0..n {
        let mut step = Step::new(format!("s{i}"), format!("Step {i}"), Stage::Booking);
        step.role = Some("clerk".into());
        step.touch_minutes = Estimate::fixed(2.0);
        step.wait_days = Estimate::range(0.0, 1.0, 2.0);
        if i + 1 < n {
            step.next.push(Link {
                to: format!("s{}", i + 1),
                share: 1.0,
            });
        } else {
            step.outcome = Some(opmt::Outcome::Appointment);
        }
        p.steps.push(step);
    }
    p
}

/// One loop through `n` steps, left at the last step with share `out`.
fn one_loop(n: usize, out: f64) -> Pathway {
    let mut p = chain(n + 1);
    let last = &mut p.steps[n - 1];
    last.next = vec![
        Link {
            to: "s0".into(),
            share: 1.0 - out,
        },
        Link {
            to: format!("s{n}"),
            share: out,
        },
    ];
    p
}

/// Files that break the file format, built as text.
fn model_cases(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |name: &str, file: String, commands: &[&[&str]]| {
        for command in commands {
            let mut args: Vec<&str> = command.to_vec();
            args.push(&file);
            cases.push(Case::new(&format!("{name} ({})", command[0]), &args));
        }
    };
    let every: &[&[&str]] = &[
        &["validate"],
        &["report"],
        &["simulate", "--referrals", "2000"],
        &["sensitivity"],
    ];
    let good = ron(&chain(5));

    add(
        "a chain of 100,000 steps",
        write(dir, "chain.ron", ron(&chain(100_000))),
        &[&["validate"], &["report"]],
    );
    add(
        "a loop of 8,000 steps",
        write(dir, "loop.ron", ron(&one_loop(8_000, 0.5))),
        &[&["validate"], &["report"]],
    );
    add(
        "a loop left with share 1e-13",
        write(dir, "sticky.ron", ron(&one_loop(3, 1e-13))),
        every,
    );
    let mut huge_range = chain(3);
    huge_range.steps[1].wait_days = Estimate::range(0.0, 1.0, 1e308);
    add(
        "a wait of 0 to 1e308 days",
        write(dir, "range.ron", ron(&huge_range)),
        every,
    );
    let mut expensive = chain(3);
    expensive.roles[0].hourly_cost = 1e300;
    add(
        "an hourly cost of £1e300",
        write(dir, "rich.ron", ron(&expensive)),
        every,
    );
    let mut escape = chain(3);
    escape.name = "Derm\u{1b}[2J\u{1b}[31mology\0".into();
    escape.steps[1].name = "Book\u{1b}]0;owned\u{7}ing".into();
    add(
        "escape sequences in names",
        write(dir, "escape.ron", ron(&escape)),
        &[&["validate"], &["report"], &["sensitivity"]],
    );
    add(
        "a file cut short",
        write(dir, "cut.ron", &good[..good.len() / 2]),
        &[&["validate"], &["report"]],
    );
    add(
        "deep nesting",
        write(
            dir,
            "deep.ron",
            format!("{}{}", "(".repeat(100_000), ")".repeat(100_000)),
        ),
        &[&["validate"]],
    );
    add(
        "not text",
        write(dir, "binary.ron", [0xff_u8, 0xfe, 0x00, 0x80].repeat(1000)),
        &[&["validate"]],
    );
    let big = dir.join("big.ron");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    add(
        "a 65 MiB file",
        big.to_string_lossy().into_owned(),
        &[&["validate"], &["report"]],
    );
    add(
        "a device",
        "/dev/zero".into(),
        &[&["validate"], &["report"]],
    );
    add(
        "a folder",
        dir.to_string_lossy().into_owned(),
        &[&["validate"]],
    );
    let fifo = dir.join("pipe.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    add(
        "a pipe",
        fifo.to_string_lossy().into_owned(),
        &[&["validate"], &["report"]],
    );
    let link = dir.join("zero-link.ron");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    add(
        "a link to a device",
        link.to_string_lossy().into_owned(),
        &[&["validate"]],
    );
    // Two versions of a 4,000-step model that differ at every step.
    let a = chain(4_000);
    let mut b = a.clone();
    for step in &mut b.steps {
        step.touch_minutes = Estimate::fixed(3.0);
    }
    let a = write(dir, "diff-a.ron", ron(&a));
    let b = write(dir, "diff-b.ron", ron(&b));
    cases.push(Case::new(
        "a diff of 4,000 changed steps",
        &["diff", &a, &b],
    ));

    // Arguments that made commands panic or print nonsense.
    let small = write(dir, "small.ron", &good);
    cases.push(Case::new(
        "5,000 threads",
        &["simulate", "--threads", "5000", &small],
    ));
    cases.push(Case::new(
        "a NaN target",
        &["simulate", "--target-days", "NaN", &small],
    ));
    cases.push(Case::new(
        "10^18 referrals",
        &["simulate", "--referrals", "1000000000000000000", &small],
    ));
    cases
}

/// Spreadsheets read by `opmt import`, built as text here.
fn import_cases(dir: &Path) -> Vec<Case> {
    let out = dir.join("imported.ron").to_string_lossy().into_owned();
    let import = |name: &str, file: String| Case::new(name, &["import", &file, "-o", &out]);
    let mut same_name = String::from("Name,Stage,Minutes\n");
    for _ in 0..10_000 {
        same_name.push_str("Book,Booking,2\n");
    }
    vec![
        import("10,000 rows of one name", write(dir, "same.csv", same_name)),
        import(
            "a formula for a name",
            write(
                dir,
                "formula.csv",
                "Name,Stage\n=HYPERLINK(\"http://x\"),Booking\n+cmd|' /C calc'!A0,Booking\n",
            ),
        ),
        import("a device as a spreadsheet", "/dev/zero".into()),
        import(
            "a fake workbook",
            write(dir, "fake.xlsx", "this is not a zip archive"),
        ),
        import("an empty workbook", write(dir, "empty.xlsx", "")),
    ]
}

#[test]
fn no_hostile_file_crashes_freezes_or_fools_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = model_cases(dir.path());
    cases.extend(import_cases(dir.path()));
    let mut failures = Vec::new();
    for case in &cases {
        let ended = run(case);
        if let Some(why) = verdict(&ended) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs went wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn out_of_range_figures_are_refused_with_a_message_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chain(3);
    p.steps[1].wait_days = Estimate::range(0.0, 1.0, 1e308);
    let file = write(dir.path(), "range.ron", ron(&p));
    for command in ["report", "simulate", "sensitivity", "validate"] {
        let ended = run(&Case::new(command, &[command, &file]));
        assert_eq!(ended.code, Some(1), "{command}: {}", ended.stderr);
        assert!(
            ended.stderr.contains("36,500"),
            "{command} names the limit: {}",
            ended.stderr
        );
        assert!(!String::from_utf8_lossy(&ended.stdout).contains("NaN"));
    }
}

#[test]
fn names_with_escape_sequences_print_as_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chain(3);
    p.name = "Derm\u{1b}[2Jology".into();
    let file = write(dir.path(), "escape.ron", ron(&p));
    let ended = run(&Case::new("report", &["report", &file]));
    assert_eq!(ended.code, Some(0), "{}", ended.stderr);
    let text = String::from_utf8(ended.stdout).unwrap();
    assert!(text.contains("Derm\\u{1b}[2Jology"), "{text}");
}

#[test]
fn a_bad_argument_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "small.ron", ron(&chain(3)));
    for args in [
        ["--threads", "5000"],
        ["--threads", "0"],
        ["--target-days", "NaN"],
        ["--target-days", "99999"],
        ["--referrals", "0"],
    ] {
        let mut all = vec!["simulate"];
        all.extend(args);
        all.push(&file);
        let ended = run(&Case::new("simulate", &all));
        assert_eq!(ended.code, Some(2), "{args:?}: {}", ended.stderr);
        assert!(ended.stderr.contains(args[0]), "{args:?}: {}", ended.stderr);
    }
}
