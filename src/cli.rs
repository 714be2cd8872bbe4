//! The command line: `opmt report`, `opmt compare`, `opmt appraise`, `opmt validate`, `opmt simulate`,
//! `opmt sensitivity`, `opmt capacity`, `opmt export`, `opmt import`, and with no subcommand the
//! desktop app.
//!
//! A pathway with a capacity section is reported, compared, appraised, simulated, tested for
//! sensitivity and exported as capacity makes it (see [`opmt::capacity`]).
//!
//! Exit status: 0 on success, 1 for an invalid or unreadable model, 2 for bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use opmt::format::{FileError, Loaded, load_path};
use opmt::render::{self, json, terminal_safe};

/// `print!` with control characters escaped: names and cells come from files.
macro_rules! out {
    ($($arg:tt)*) => { write_out(&terminal_safe(&format!($($arg)*))) };
}

/// `println!` with control characters escaped.
macro_rules! outln {
    ($($arg:tt)*) => { write_out(&format!("{}\n", terminal_safe(&format!($($arg)*)))) };
}

/// Writes to standard output. When the reader has gone (`opmt compare ... | head`),
/// the program ends quietly with success instead of panicking on the closed pipe.
fn write_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// `eprintln!` with control characters escaped.
macro_rules! errln {
    ($($arg:tt)*) => { eprintln!("{}", terminal_safe(&format!($($arg)*))) };
}

/// Outpatient Pathway Modelling Tool: model a referral-management process and see
/// where time and cost are saved against best practice.
#[derive(Parser, Debug)]
#[command(name = "opmt", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A model file, or a workspace file of options, to open in the desktop app.
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
    /// Compare a current pathway with one or more proposed ones (options), all at the
    /// current annual referrals.
    Compare {
        /// The current pathway (.ron).
        current: PathBuf,
        /// The proposed pathways (.ron), for example models/best-practice-ers.ron; with
        /// several, one column per option.
        #[arg(required = true, num_args = 1..)]
        proposed: Vec<PathBuf>,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Simulate referrals one by one: percentiles of elapsed days and cost, and the
    /// share within 18 weeks.
    Simulate {
        /// The model file (.ron).
        file: PathBuf,
        /// How many referrals (default: the model's annual referrals), up to 10 million.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_REFERRALS))]
        referrals: Option<u64>,
        /// Seed of the random numbers; the same seed gives the same result.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core), 1 to 256.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
        threads: Option<u16>,
        /// A waiting-time target in days (0 to 3,650), reported beside the 18 weeks.
        #[arg(long, default_value_t = 126.0, value_parser = target_days)]
        target_days: f64,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// The business case of one or more options: the saving by kind of money, an
    /// appraisal over years (the option's `investment`: costs, ramp, discount rate,
    /// optimism bias) with NPV, payback and benefit-cost ratio, and the 90% ranges
    /// from drawing every uncertain input.
    Appraise {
        /// The current pathway (.ron).
        current: PathBuf,
        /// The options (.ron).
        #[arg(required = true, num_args = 1..)]
        options: Vec<PathBuf>,
        /// Draws of the uncertain inputs, 1 to 1,000,000.
        #[arg(long, default_value_t = opmt::uncertainty::DEFAULT_DRAWS as u64,
              value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        draws: u64,
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
    /// Write the benefits workbook (.xlsx): summary with charts, tables by stage and
    /// by role, and both pathways' steps.
    Export {
        /// The current pathway (.ron).
        current: PathBuf,
        /// The proposed pathway (.ron).
        proposed: PathBuf,
        /// The workbook to write (.xlsx).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Read steps from a spreadsheet (.csv, .xlsx, .ods), one step a row, into a model file.
    Import {
        /// The spreadsheet.
        file: PathBuf,
        /// The model file to write (.ron).
        #[arg(short, long)]
        output: PathBuf,
        /// Keep this model's name, settings and roles, with the sheet's steps.
        #[arg(long)]
        into: Option<PathBuf>,
    },
    /// What changed from one version of a model to another, with each change's effect
    /// on the cost per referral when made alone to the first. Exit status 0 when they
    /// are the same, 1 when they differ, 2 for bad usage or a file that cannot be read.
    Diff {
        /// The first version (.ron).
        a: PathBuf,
        /// The second version (.ron).
        b: PathBuf,
        /// Print JSON instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Will there be a slot? Demand for first-appointment slots against those published,
    /// the slots needed for the target, the waiting list week by week and the share of
    /// referrals finding no slot (the model's `capacity` section).
    Capacity {
        /// The model file (.ron), with a capacity section.
        file: PathBuf,
        /// Weeks to project, 1 to 520.
        #[arg(long, default_value_t = opmt::capacity::DEFAULT_WEEKS,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(opmt::capacity::MOST_WEEKS)))]
        weeks: u32,
        /// Seed of the random numbers (when demand or slots vary); the same seed gives
        /// the same result.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Check model files and list every problem.
    Validate {
        /// The model files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the best-practice measures: what each changes, the steps it looks for, and
    /// its effects with their sources and ranges.
    Measures {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Apply best-practice measures to a copy of your own pathway and write it as an
    /// option ("NAME with best practice"): your roles, rates, clinical steps, referrals
    /// and patient mix stay as they are, so comparing the two is like for like. Prints
    /// what each measure changed and saves a referral, in turn.
    BestPractice {
        /// Your current pathway (.ron).
        current: PathBuf,
        /// A measure to apply (see `opmt measures`); repeat for several. Without it,
        /// every measure is applied.
        #[arg(long = "measure", value_name = "MEASURE")]
        measures: Vec<String>,
        /// Change an effect from its likely value, e.g. `direct-booking.share=0.5`.
        #[arg(long = "set", value_name = "MEASURE.EFFECT=VALUE")]
        set: Vec<String>,
        /// Point a measure at these steps (ids, comma-separated) instead of those it
        /// finds itself, e.g. `digital-letters=physio_letter,surgeon_letter`.
        #[arg(long = "at", value_name = "MEASURE=STEP,...")]
        at: Vec<String>,
        /// The option to write (.ron).
        #[arg(short, long)]
        output: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

const INVALID: u8 = 1;

/// The most referrals `simulate` runs at once.
const MAX_REFERRALS: u64 = 10_000_000;

/// A waiting-time target: a number of days from 0 to ten years.
fn target_days(text: &str) -> Result<f64, String> {
    let days: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("\"{text}\" is not a number of days"))?;
    if days.is_finite() && (0.0..=3_650.0).contains(&days) {
        Ok(days)
    } else {
        Err(format!("{text} days is not a target from 0 to 3,650 days"))
    }
}

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
        Some(Command::Appraise {
            current,
            options,
            draws,
            json,
        }) => appraise(&current, &options, draws as usize, json),
        Some(Command::Export {
            current,
            proposed,
            output,
        }) => export(&current, &proposed, &output),
        Some(Command::Import { file, output, into }) => import(&file, &output, into.as_deref()),
        Some(Command::Diff { a, b, json }) => diff(&a, &b, json),
        Some(Command::Capacity {
            file,
            weeks,
            seed,
            json,
        }) => capacity(&file, weeks, seed, json),
        Some(Command::Measures { json: true }) => {
            print_json(&render::measures_json());
            ExitCode::SUCCESS
        }
        Some(Command::Measures { json: false }) => {
            out!("{}", render::measures_text());
            ExitCode::SUCCESS
        }
        Some(Command::BestPractice {
            current,
            measures,
            set,
            at,
            output,
            json,
        }) => best_practice(&current, &measures, [&set, &at], &output, json),
        Some(Command::Simulate {
            file,
            referrals,
            seed,
            threads,
            target_days,
            json,
        }) => {
            let threads = threads.map_or_else(
                || std::thread::available_parallelism().map_or(1, |n| n.get()),
                usize::from,
            );
            simulate(&file, referrals, seed, threads, target_days, json)
        }
        Some(Command::Sensitivity { file, json }) => sensitivity(&file, json),
        None => desktop(cli.file),
    }
}

/// This build has no desktop app: built without the `ui` feature, or for the
/// browser, where the app starts from the page (`opmt::app::web`), not from this program.
#[cfg(any(not(feature = "ui"), target_arch = "wasm32"))]
fn desktop(_file: Option<PathBuf>) -> ExitCode {
    errln!(
        "opmt: this build has no desktop app (built without the \"ui\" feature, or for the web); use a subcommand, see opmt --help"
    );
    ExitCode::from(2)
}

#[cfg(all(feature = "ui", not(target_arch = "wasm32")))]
fn desktop(file: Option<PathBuf>) -> ExitCode {
    use opmt::app::{OpmtApp, StartOptions};
    use opmt::platform::Platform;
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("opmt")
        .with_app_id("opmt")
        // Fits a 1440x900 screen with a title bar and a taskbar.
        .with_inner_size([1360.0, 820.0])
        .with_min_inner_size([800.0, 560.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    // `$OPMT_DATA_DIR` when set, else the platform's data folder for opmt (where
    // eframe keeps its preferences): the preferences and the recovery files. A chosen
    // folder holds the preferences too, so tests never touch the user's.
    let chosen = std::env::var_os(opmt::app::autosave::DATA_DIR_VAR)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from);
    let persistence_path = chosen.as_ref().map(|d| d.join("app.ron"));
    let recovery_dir = chosen
        .or_else(|| eframe::storage_dir("opmt"))
        .map(|d| d.join("recovery"));
    let options = eframe::NativeOptions {
        viewport,
        persistence_path,
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
                    platform: Platform::desktop(recovery_dir),
                },
            )))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("opmt: cannot open the desktop window: {e}");
            ExitCode::from(INVALID)
        }
    }
}

/// When an exported workbook says it was written: now, or the time in
/// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) when it
/// is set, so two exports of the same models are the same, cell for cell.
fn written_at_unix_seconds() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(opmt::export::workbook::now_unix_seconds)
}

/// Loads a model, printing its warnings (or errors) to stderr.
fn load(path: &Path) -> Result<Loaded, ExitCode> {
    match load_path(path) {
        Ok(loaded) => {
            let file = path.display().to_string();
            for w in &loaded.warnings {
                errln!("{}", w.with_file(&file));
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
        errln!("{line}");
    }
}

fn print_json(value: &serde_json::Value) {
    match serde_json::to_string_pretty(value) {
        // serde_json escapes control characters in strings itself.
        Ok(text) => write_out(&format!("{text}\n")),
        Err(e) => errln!("opmt: cannot write JSON: {e}"),
    }
}

fn report(path: &Path, as_json: bool) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let made = match made_by_capacity(path, &loaded.pathway) {
        Ok(made) => made,
        Err(code) => return code,
    };
    let report = match &made {
        Some(m) => Ok(m.report.clone()),
        None => opmt::analyse(&loaded.pathway),
    };
    match report {
        Ok(report) if as_json => {
            let mut value = json::report_json(&report);
            if let (Some(m), Some(object)) = (&made, value.as_object_mut()) {
                object.insert("capacity".into(), render::capacity::capacity_json(m));
            }
            print_json(&value);
        }
        Ok(report) => {
            out!("{}", render::report_text(&report));
            if let Some(m) = &made {
                outln!("\nCapacity (the figures above follow it)");
                out!("{}", render::capacity::capacity_brief(m));
            }
        }
        Err(e) => {
            errln!("{}: error: {e}", path.display());
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

/// The pathway as its capacity section makes it (none without a section), at the
/// default projection; an error names the file.
fn made_by_capacity(
    path: &Path,
    pathway: &opmt::Pathway,
) -> Result<Option<opmt::capacity::Made>, ExitCode> {
    if pathway.capacity.is_none() {
        return Ok(None);
    }
    opmt::capacity::make(pathway, &opmt::capacity::Options::default())
        .map(Some)
        .map_err(|e| {
            errln!("{}: error: {e}", path.display());
            ExitCode::from(INVALID)
        })
}

fn capacity(path: &Path, weeks: u32, seed: u64, as_json: bool) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let options = opmt::capacity::Options {
        weeks,
        seed,
        ..Default::default()
    };
    match opmt::capacity::make(&loaded.pathway, &options) {
        Ok(made) if as_json => print_json(&render::capacity::capacity_json(&made)),
        Ok(made) => out!("{}", render::capacity::capacity_text(&made)),
        Err(e) => {
            errln!("{}: error: {e}", path.display());
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

/// One option's comparison with the current pathway and its business case.
struct Compared {
    comparison: opmt::Comparison,
    cautions: Vec<opmt::like_for_like::Caution>,
    case: opmt::business::BusinessCase,
    /// The ranges of `case`.
    ranges: opmt::uncertainty::Uncertainty,
    /// Each side as capacity makes it (current, option), where it has a section.
    capacity: [Option<opmt::capacity::Made>; 2],
    /// Each side as compared: as capacity makes it, or as written.
    pathways: [opmt::Pathway; 2],
}

/// Loads the current pathway and each option and compares them, with `draws` draws
/// for each business case; a side with a capacity section (an option without one
/// takes the current pathway's) is compared as capacity makes it.
fn compare_all(
    current: &Path,
    options: &[PathBuf],
    draws: usize,
) -> Result<Vec<Compared>, ExitCode> {
    let current_model = load(current)?;
    let current_made = made_by_capacity(current, &current_model.pathway)?;
    let written = &current_model.pathway;
    let current = current_made.as_ref().map_or(written, |m| &m.pathway);
    options
        .iter()
        .map(|path| {
            let option = load(path)?;
            let option_made = opmt::capacity::make_proposal(
                written,
                &option.pathway,
                &opmt::capacity::Options::default(),
            )
            .map_err(|e| {
                errln!("{}: error: {e}", path.display());
                ExitCode::from(INVALID)
            })?;
            let proposed = option_made.as_ref().map_or(&option.pathway, |m| &m.pathway);
            let fail = |e: opmt::compare::CompareError| {
                errln!("{}: error: {e}", path.display());
                ExitCode::from(INVALID)
            };
            let (costed, comparison) =
                opmt::compare::costed_comparison(current, proposed).map_err(fail)?;
            let case = opmt::business::BusinessCase::new(&costed, &comparison);
            let ranges = opmt::business::ranges(&costed, &comparison, draws);
            Ok(Compared {
                cautions: opmt::like_for_like::check(current, proposed, &comparison),
                comparison,
                case,
                ranges,
                pathways: [current.clone(), proposed.clone()],
                capacity: [current_made.clone(), option_made],
            })
        })
        .collect()
}

/// The `capacity` object of `compare --json`: `current` and `proposed`, each the
/// object of `opmt capacity --json` or null; none when neither side has a section.
fn capacity_pair_json(c: &Compared) -> Option<serde_json::Value> {
    if c.capacity.iter().all(Option::is_none) {
        return None;
    }
    let side = |m: &Option<opmt::capacity::Made>| {
        m.as_ref()
            .map_or(serde_json::Value::Null, render::capacity::capacity_json)
    };
    Some(serde_json::json!({
        "current": side(&c.capacity[0]),
        "proposed": side(&c.capacity[1]),
    }))
}

/// After the tables: each side's capacity, where it has a section.
fn print_capacity(compared: &[Compared]) {
    let mut current_done = false;
    for c in compared {
        for (k, made) in c.capacity.iter().enumerate() {
            let Some(made) = made else { continue };
            if k == 0 && std::mem::replace(&mut current_done, true) {
                continue;
            }
            let side = if k == 0 { "current" } else { "proposed" };
            outln!("\nCapacity, {side}: {}", made.pathway.name);
            out!("{}", render::capacity::capacity_brief(made));
        }
    }
}

fn compare(current: &Path, proposed: &[PathBuf], as_json: bool) -> ExitCode {
    let compared = match compare_all(current, proposed, opmt::uncertainty::DEFAULT_DRAWS) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let with_warnings = |c: &Compared| {
        let mut value = json::comparison_json(&c.comparison);
        if let Some(object) = value.as_object_mut() {
            object.insert("warnings".into(), json::cautions_json(&c.cautions));
            object.insert(
                "classes".into(),
                render::business::classes_json(&c.case.classes),
            );
            object.insert(
                "uncertainty".into(),
                render::business::uncertainty_json(&c.ranges),
            );
            if let Some(capacity) = capacity_pair_json(c) {
                object.insert("capacity".into(), capacity);
            }
        }
        value
    };
    let comparisons: Vec<opmt::Comparison> =
        compared.iter().map(|c| c.comparison.clone()).collect();
    match compared.as_slice() {
        [one] if as_json => print_json(&with_warnings(one)),
        [one] => out!(
            "{}",
            render::comparison_text(&one.comparison, Some(&one.ranges))
        ),
        several if as_json => {
            let options: Vec<_> = several.iter().map(with_warnings).collect();
            print_json(&serde_json::json!({ "options": options }));
        }
        _ => out!("{}", render::options_text(&comparisons)),
    }
    if !as_json {
        print_capacity(&compared);
        let cautions: Vec<_> = compared.iter().map(|c| c.cautions.clone()).collect();
        print_cautions(&comparisons, &cautions);
    }
    ExitCode::SUCCESS
}

fn appraise(current: &Path, options: &[PathBuf], draws: usize, as_json: bool) -> ExitCode {
    let compared = match compare_all(current, options, draws) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if as_json {
        let values: Vec<_> = compared
            .iter()
            .map(|c| render::business::appraisal_json(&c.case, &c.ranges))
            .collect();
        match values.as_slice() {
            [one] => print_json(one),
            _ => print_json(&serde_json::json!({ "options": values })),
        }
    } else {
        let texts: Vec<String> = compared
            .iter()
            .map(|c| {
                render::business::appraisal_text(&c.comparison.proposed.name, &c.case, &c.ranges)
            })
            .collect();
        out!("{}", texts.join("\n"));
    }
    ExitCode::SUCCESS
}

/// After the tables: why a comparison is not like for like, option by option.
fn print_cautions(
    comparisons: &[opmt::Comparison],
    cautions: &[Vec<opmt::like_for_like::Caution>],
) {
    for (comparison, found) in comparisons.iter().zip(cautions) {
        if found.is_empty() {
            continue;
        }
        outln!("");
        outln!(
            "Not like for like: {} against {}",
            comparison.current.name,
            comparison.proposed.name
        );
        for caution in found {
            outln!("  - {}", caution.message);
        }
    }
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
    let pathway = match made_by_capacity(path, &loaded.pathway) {
        Ok(made) => made.map_or(loaded.pathway, |m| m.pathway),
        Err(code) => return code,
    };
    let pathway = &pathway;
    let options = opmt::simulate::SimulationOptions {
        referrals: referrals
            .unwrap_or((pathway.annual_referrals.round().max(1.0) as u64).min(MAX_REFERRALS)),
        seed,
        threads: threads.max(1),
        target_days,
    };
    let progress = std::sync::Arc::new(opmt::simulate::Progress::default());
    let started = std::time::Instant::now();
    match opmt::simulate::simulate(pathway, &options, &progress) {
        Ok(result) if as_json => print_json(&json::simulation_json(&result)),
        Ok(result) => out!(
            "{}",
            render::simulation_text(&pathway.name, &result, started.elapsed().as_secs_f64())
        ),
        Err(e) => {
            errln!("{}: error: {e}", path.display());
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
    let pathway = match made_by_capacity(path, &loaded.pathway) {
        Ok(made) => made.map_or(loaded.pathway, |m| m.pathway),
        Err(code) => return code,
    };
    match opmt::sensitivity::sensitivity(&pathway) {
        Ok(swings) if as_json => print_json(&json::sensitivity_json(&swings)),
        Ok(swings) => out!("{}", render::sensitivity_text(&swings)),
        Err(e) => {
            errln!("{}: error: {e}", path.display());
            return ExitCode::from(INVALID);
        }
    }
    ExitCode::SUCCESS
}

fn export(current: &Path, proposed: &Path, output: &Path) -> ExitCode {
    let compared = match compare_all(
        current,
        &[proposed.to_path_buf()],
        opmt::uncertainty::DEFAULT_DRAWS,
    ) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let [c] = compared.as_slice() else {
        return ExitCode::from(INVALID);
    };
    let info = opmt::export::WorkbookInfo {
        comparison: &c.comparison,
        pathways: [&c.pathways[0], &c.pathways[1]],
        simulation: None,
        options: &[],
        unix_seconds: written_at_unix_seconds(),
        case: Some(&c.case),
        ranges: Some(&c.ranges),
        capacity: [c.capacity[0].as_ref(), c.capacity[1].as_ref()],
    };
    match opmt::export::write_workbook(&info, output) {
        Ok(()) => {
            outln!("{}: written", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("opmt: error: {e}");
            ExitCode::from(INVALID)
        }
    }
}

fn import(file: &Path, output: &Path, into: Option<&Path>) -> ExitCode {
    let base = match into.map(load).transpose() {
        Ok(base) => base,
        Err(code) => return code,
    };
    let imported = match opmt::import::import_path(file, base.as_ref().map(|b| &b.pathway)) {
        Ok(imported) => imported,
        Err(e) => {
            for line in e.lines() {
                errln!("{line}");
            }
            return ExitCode::from(INVALID);
        }
    };
    let name = file.display().to_string();
    for warning in &imported.warnings {
        errln!("{}", warning.warning_with_file(&name));
    }
    match opmt::save_path(&imported.pathway, output) {
        Ok(()) => {
            outln!(
                "{}: {} steps, {} roles",
                output.display(),
                imported.pathway.steps.len(),
                imported.pathway.roles.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("opmt: error: {e}");
            ExitCode::from(INVALID)
        }
    }
}

/// Bad usage: exit status 2, as clap gives.
const USAGE: u8 = 2;

fn best_practice(
    current: &Path,
    measures: &[String],
    [set, at]: [&[String]; 2],
    output: &Path,
    as_json: bool,
) -> ExitCode {
    let choices = match measure_choices(measures, set).and_then(|c| pointed_at(c, at)) {
        Ok(choices) => choices,
        Err(message) => {
            errln!("opmt best-practice: error: {message}");
            return ExitCode::from(USAGE);
        }
    };
    let loaded = match load(current) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let applied = match opmt::measures::apply(&loaded.pathway, &choices) {
        Ok(applied) => applied,
        Err(e) => {
            errln!("{}: error: {e}", current.display());
            return ExitCode::from(INVALID);
        }
    };
    // The same measures applied again with each effect at either end of its range.
    let swings = match opmt::measures::effect_swings(&loaded.pathway, &choices) {
        Ok(swings) => swings,
        Err(e) => {
            errln!("{}: error: {e}", current.display());
            return ExitCode::from(INVALID);
        }
    };
    if let Err(e) = opmt::save_path(&applied.option, output) {
        errln!("opmt: error: {e}");
        return ExitCode::from(INVALID);
    }
    if as_json {
        let mut json = render::applied_json(&applied);
        json["effect_swings"] = render::effect_swings_json(&swings);
        print_json(&json);
    } else {
        out!(
            "{}",
            render::applied_text(&applied, loaded.pathway.annual_referrals)
        );
        out!("{}", render::effect_swings_text(&swings));
        outln!(
            "Written: {} (\"{}\")",
            output.display(),
            applied.option.name
        );
    }
    ExitCode::SUCCESS
}

/// The measures named (all when none is), with the values set on the command line.
fn measure_choices(
    names: &[String],
    set: &[String],
) -> Result<Vec<opmt::measures::Choice>, String> {
    use opmt::measures::{Choice, LIBRARY, Unit, find};
    let known = || LIBRARY.iter().map(|m| m.id).collect::<Vec<_>>().join(", ");
    let mut choices: Vec<Choice> = if names.is_empty() {
        opmt::measures::all()
    } else {
        names
            .iter()
            .map(|n| {
                find(n)
                    .map(Choice::default_for)
                    .ok_or_else(|| format!("no measure \"{n}\"; the measures are {}", known()))
            })
            .collect::<Result<_, _>>()?
    };
    for item in set {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| format!("--set {item}: write MEASURE.EFFECT=VALUE"))?;
        let (measure, effect) = name
            .split_once('.')
            .ok_or_else(|| format!("--set {item}: write MEASURE.EFFECT=VALUE"))?;
        let choice = choices
            .iter_mut()
            .find(|c| c.measure.id == measure)
            .ok_or_else(|| format!("--set {item}: \"{measure}\" is not a measure being applied"))?;
        let m = choice.measure;
        let k = m
            .parameters
            .iter()
            .position(|p| p.id == effect)
            .ok_or_else(|| {
                let effects: Vec<&str> = m.parameters.iter().map(|p| p.id).collect();
                format!(
                    "--set {item}: {measure} has no effect \"{effect}\"; it has {}",
                    effects.join(", ")
                )
            })?;
        let number: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("--set {item}: \"{value}\" is not a number"))?;
        let ok = match m.parameters[k].unit {
            Unit::Share => (0.0..=1.0).contains(&number),
            _ => number.is_finite() && (0.0..=100_000.0).contains(&number),
        };
        if !ok {
            return Err(format!(
                "--set {item}: {} must be {}",
                m.parameters[k].label,
                if m.parameters[k].unit == Unit::Share {
                    "a share from 0 to 1"
                } else {
                    "a number from 0 to 100,000"
                }
            ));
        }
        choice.values[k] = number;
    }
    Ok(choices)
}

/// The measures with the steps `--at` points them at (a step not in the pathway is
/// refused when the measures are applied).
fn pointed_at(
    mut choices: Vec<opmt::measures::Choice>,
    at: &[String],
) -> Result<Vec<opmt::measures::Choice>, String> {
    for item in at {
        let (measure, steps) = item
            .split_once('=')
            .ok_or_else(|| format!("--at {item}: write MEASURE=STEP,STEP"))?;
        let choice = choices
            .iter_mut()
            .find(|c| c.measure.id == measure)
            .ok_or_else(|| format!("--at {item}: \"{measure}\" is not a measure being applied"))?;
        choice.steps = Some(
            steps
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        );
    }
    Ok(choices)
}

/// Trouble for `diff`, as for diff(1): a file that cannot be read or is not valid.
const TROUBLE: u8 = 2;

fn diff(a: &Path, b: &Path, as_json: bool) -> ExitCode {
    let (a_model, b_model) = match (load(a), load(b)) {
        (Ok(x), Ok(y)) => (x, y),
        _ => return ExitCode::from(TROUBLE),
    };
    let changes = opmt::diff::diff(&a_model.pathway, &b_model.pathway);
    if as_json {
        print_json(&json::diff_json(&changes));
    } else if changes.is_empty() {
        outln!("No differences.");
    } else {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        for change in &changes {
            // A reader that stopped reading (| head) is not an error.
            if writeln!(out, "{}", terminal_safe(&change.describe())).is_err() {
                break;
            }
        }
    }
    if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for path in files {
        match load(path) {
            Ok(loaded) => outln!(
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
