//! The Variability tab: a Monte Carlo simulation of both pathways run on a
//! background thread (histograms of elapsed days, percentiles and the share within
//! 18 weeks), and a tornado chart of which uncertain inputs move the answer most.
//!
//! The tab owns the simulation job and a cache of the tornado; both are keyed on the
//! versions of the pathways, so a run made before an edit is marked stale and the
//! tornado follows every edit.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::{Button, Color32, DragValue, ProgressBar, RichText, Stroke, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Legend, LineStyle, VLine};

use super::charts::{self, CURRENT_COLOUR, PROPOSED_COLOUR};
use super::command::Which;
use super::context::{Selection, stage_colour};
use super::widgets::{format_number, format_percent, parse_number};
use crate::analysis::analyse;
use crate::model::{Pathway, Stage};
use crate::render::{pounds, thousands};
use crate::sensitivity::{Parameter, Swing, sensitivity};
use crate::simulate::{
    EIGHTEEN_WEEKS_DAYS, Progress, SimulationError, SimulationOptions, SimulationResult, simulate,
};

/// Outpatient referrals in England in a year, for a national-scale run.
pub const NATIONAL_YEAR: u64 = 25_550_000;
/// Bars in the tornado chart.
pub const TORNADO_BARS: usize = 12;
/// Days in one histogram bin: a week, as waiting times are reported.
const BIN_DAYS: f64 = 7.0;
/// How often the progress is redrawn while a simulation runs.
const POLL: Duration = Duration::from_millis(100);
/// The share of referrals the 18-week standard expects within 126 days.
const STANDARD_SHARE: f64 = 0.92;
/// Width of a character of an axis label, roughly, in points.
const LABEL_CHAR_WIDTH: f32 = 6.2;
/// Colour of the 18-week mark.
const EIGHTEEN_WEEKS_COLOUR: Color32 = Color32::from_rgb(0xD5, 0x28, 0x1B);

/// One version of both pathways: (generation, revision) of current and comparison.
pub type PathwaysKey = [(u64, u64); 2];

/// What the simulation thread sends back: both results (or why not) and the time taken.
type JobOutput = (Result<[SimulationResult; 2], SimulationError>, Duration);

/// A simulation running on its own thread.
#[derive(Debug)]
struct Job {
    progress: Arc<Progress>,
    /// Referrals to simulate across both pathways.
    total: u64,
    started: Instant,
    key: PathwaysKey,
    receiver: Receiver<JobOutput>,
}

impl Drop for Job {
    /// A job nobody waits for any more (the app closing) stops at its next chunk.
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

/// A finished simulation of both pathways.
#[derive(Clone, Debug)]
pub struct Run {
    /// Current then proposed.
    pub results: [SimulationResult; 2],
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// The versions of the pathways it ran on.
    pub key: PathwaysKey,
}

/// How the last simulation ended.
#[derive(Clone, Debug, PartialEq)]
pub enum JobEnd {
    /// Both pathways were simulated.
    Finished,
    /// The user cancelled it.
    Cancelled,
    /// It could not run; the message says why.
    Failed(String),
}

/// What the tornado chart measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Cost per referral in £.
    #[default]
    Cost,
    /// Elapsed days per referral.
    Days,
}

/// One bar of the tornado: a swing with the words to show it.
#[derive(Clone, Debug)]
struct TornadoRow {
    swing: Swing,
    stage: Stage,
    /// "Step name: parameter".
    label: String,
    /// The input at its low and high ends, with units: "8 min", "20%".
    inputs: [String; 2],
}

impl TornadoRow {
    fn ends(&self, measure: Measure) -> [f64; 2] {
        match measure {
            Measure::Cost => [self.swing.cost_low, self.swing.cost_high],
            Measure::Days => [self.swing.days_low, self.swing.days_high],
        }
    }

    /// "Grade: touch minutes\nat 2 min: £50.43; at 5 min: £57.61".
    fn hover(&self, measure: Measure) -> String {
        let [low, high] = self.ends(measure).map(|v| measure_text(measure, v));
        let [at_low, at_high] = &self.inputs;
        format!(
            "{}\nat {at_low}: {low}; at {high_input}: {high}",
            self.label,
            high_input = at_high
        )
    }
}

/// The tornado of one pathway: its swings in words, and its expected values.
#[derive(Clone, Debug)]
struct Tornado {
    rows: Vec<TornadoRow>,
    base_cost: f64,
    base_days: f64,
}

impl Tornado {
    /// The largest swings of `measure`, largest first.
    fn top(&self, measure: Measure) -> Vec<TornadoRow> {
        let mut rows = self.rows.clone();
        if measure == Measure::Days {
            rows.sort_by(|a, b| b.swing.days_swing().total_cmp(&a.swing.days_swing()));
        }
        rows.truncate(TORNADO_BARS);
        rows
    }

    fn base(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Cost => self.base_cost,
            Measure::Days => self.base_days,
        }
    }
}

/// The tornado computed for one version of one pathway.
#[derive(Debug)]
struct TornadoCache {
    key: (Which, (u64, u64)),
    tornado: Result<Tornado, String>,
}

/// View state of the Variability tab: the run's settings, the job, its last result
/// and the tornado.
#[derive(Debug)]
pub struct VariabilityView {
    /// Referrals to simulate; `None` follows the current pathway's annual referrals.
    pub referrals: Option<u64>,
    /// Seed of the random streams.
    pub seed: u64,
    job: Option<Job>,
    run: Option<Run>,
    ended: Option<JobEnd>,
    /// Which pathway the tornado shows.
    pub tornado_of: Which,
    /// Cost or days in the tornado.
    pub measure: Measure,
    /// A step marked in the tornado of the pathway not being edited.
    highlight: Option<(Which, usize)>,
    tornado: Option<TornadoCache>,
}

impl Default for VariabilityView {
    fn default() -> Self {
        Self {
            referrals: None,
            seed: 1,
            job: None,
            run: None,
            ended: None,
            tornado_of: Which::Current,
            measure: Measure::Cost,
            highlight: None,
            tornado: None,
        }
    }
}

impl VariabilityView {
    /// True while a simulation runs.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The last simulation that finished.
    pub fn last_run(&self) -> Option<&Run> {
        self.run.as_ref()
    }

    /// How the last simulation ended, if one has.
    pub fn ended(&self) -> Option<&JobEnd> {
        self.ended.as_ref()
    }

    /// Referrals done and to do across both pathways, while a simulation runs.
    pub fn progress(&self) -> Option<(u64, u64)> {
        self.job.as_ref().map(|j| (j.progress.done(), j.total))
    }

    /// Picks up a finished simulation; while one runs, asks for a repaint shortly to
    /// show its progress (and only then, so an idle app does not redraw).
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else { return };
        let key = job.key;
        match job.receiver.try_recv() {
            Err(TryRecvError::Empty) => ctx.request_repaint_after(POLL),
            Ok((result, elapsed)) => {
                self.job = None;
                self.finish(result, elapsed, key);
            }
            Err(TryRecvError::Disconnected) => {
                self.job = None;
                self.ended = Some(JobEnd::Failed("the simulation stopped unexpectedly".into()));
            }
        }
    }

    fn finish(
        &mut self,
        result: Result<[SimulationResult; 2], SimulationError>,
        elapsed: Duration,
        key: PathwaysKey,
    ) {
        self.ended = Some(match result {
            Ok(results) => {
                self.run = Some(Run {
                    results,
                    elapsed,
                    key,
                });
                JobEnd::Finished
            }
            Err(SimulationError::Cancelled) => JobEnd::Cancelled,
            Err(e) => JobEnd::Failed(e.to_string()),
        });
    }

    /// Asks the running simulation to stop at its next chunk.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.progress.cancel();
        }
    }

    /// Starts simulating both pathways on a background thread, the comparison at the
    /// current pathway's annual referrals.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        pathways: [&Pathway; 2],
        key: PathwaysKey,
        referrals: u64,
    ) {
        let current = pathways[0].clone();
        let mut proposed = pathways[1].clone();
        proposed.annual_referrals = current.annual_referrals;
        let options = SimulationOptions {
            referrals,
            seed: self.seed,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            target_days: EIGHTEEN_WEEKS_DAYS,
        };
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = mpsc::channel();
        let worker_progress = Arc::clone(&progress);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("opmt-simulation".into())
            .spawn(move || {
                let started = Instant::now();
                let result = simulate_both(&[current, proposed], &options, &worker_progress);
                // Nobody listens when the app has closed meanwhile.
                if sender.send((result, started.elapsed())).is_ok() {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => {
                self.ended = None;
                self.job = Some(Job {
                    progress,
                    total: referrals.saturating_mul(2),
                    started: Instant::now(),
                    key,
                    receiver,
                });
            }
            Err(e) => {
                self.ended = Some(JobEnd::Failed(format!(
                    "could not start the simulation: {e}"
                )));
            }
        }
    }

    /// The tornado of `which`, computed again only when that pathway changed.
    fn tornado(
        &mut self,
        which: Which,
        pathways: [&Pathway; 2],
        keys: PathwaysKey,
    ) -> &Result<Tornado, String> {
        let key = (which, keys[which.index()]);
        if self.tornado.as_ref().is_some_and(|c| c.key != key) {
            self.tornado = None;
        }
        &self
            .tornado
            .get_or_insert_with(|| TornadoCache {
                key,
                tornado: tornado_of(&pathway_at_current_volume(which, pathways)),
            })
            .tornado
    }
}

/// Simulates the current pathway, then the proposed, sharing one progress count.
fn simulate_both(
    pathways: &[Pathway; 2],
    options: &SimulationOptions,
    progress: &Arc<Progress>,
) -> Result<[SimulationResult; 2], SimulationError> {
    let current = simulate(&pathways[0], options, progress)?;
    let proposed = simulate(&pathways[1], options, progress)?;
    Ok([current, proposed])
}

/// `which` pathway, the comparison at the current pathway's annual referrals.
fn pathway_at_current_volume(which: Which, pathways: [&Pathway; 2]) -> Pathway {
    let mut pathway = pathways[which.index()].clone();
    pathway.annual_referrals = pathways[0].annual_referrals;
    pathway
}

/// What the Variability tab reads and changes.
pub struct VariabilityCtx<'a> {
    /// Current and comparison pathways.
    pub pathways: [&'a Pathway; 2],
    /// Their versions, to tell when a run or the tornado is out of date.
    pub keys: PathwaysKey,
    /// The pathway being edited (whose selection clicks on the tornado change).
    pub shown: Which,
    /// Settings, the job and caches.
    pub view: &'a mut VariabilityView,
}

/// The Variability tab: run controls, the simulation's histograms and figures, then
/// the tornado chart.
pub fn variability_ui(ui: &mut Ui, mut cx: VariabilityCtx<'_>, selection: &mut Selection) {
    ui.weak(
        "Simulate referrals one at a time, each drawing its minutes, waits and costs at \
         random from the ranges, to see the spread of waits: how many finish within 18 \
         weeks, and how long the unluckiest wait.",
    );
    controls_ui(ui, &mut cx);
    status_ui(ui, cx.view, cx.keys);
    if let Some(run) = &cx.view.run {
        ui.add_space(8.0);
        histogram_ui(ui, run);
        ui.add_space(8.0);
        within_ui(ui, run);
        ui.add_space(4.0);
        table_ui(ui, run);
    }
    ui.add_space(16.0);
    tornado_ui(ui, &mut cx, selection);
}

fn controls_ui(ui: &mut Ui, cx: &mut VariabilityCtx<'_>) {
    let running = cx.view.is_running();
    let following = cx.pathways[0].annual_referrals.round().max(1.0) as u64;
    let mut referrals = cx.view.referrals.unwrap_or(following);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Referrals to simulate");
        let drag = DragValue::new(&mut referrals)
            .range(1..=1_000_000_000)
            .speed(100.0)
            .custom_formatter(|v, _| thousands(v, 0))
            .custom_parser(parse_number);
        if ui
            .add_enabled(!running, drag)
            .labelled_by(label.id)
            .changed()
        {
            cx.view.referrals = Some(referrals);
        }
        let national = format!("A national year ({})", thousands(NATIONAL_YEAR as f64, 0));
        if ui.add_enabled(!running, Button::new(national)).clicked() {
            cx.view.referrals = Some(NATIONAL_YEAR);
            referrals = NATIONAL_YEAR;
        }
        ui.add_space(12.0);
        let label = ui.label("Seed");
        ui.add_enabled(!running, DragValue::new(&mut cx.view.seed))
            .labelled_by(label.id)
            .on_hover_text("The same seed gives the same result.");
        ui.add_space(12.0);
        if running {
            if ui.button("Cancel").clicked() {
                cx.view.cancel();
            }
        } else if ui.button("Simulate").clicked() {
            cx.view.start(ui.ctx(), cx.pathways, cx.keys, referrals);
        }
    });
}

fn status_ui(ui: &mut Ui, view: &VariabilityView, keys: PathwaysKey) {
    if let Some(job) = &view.job {
        let done = job.progress.done().min(job.total);
        let text = if job.progress.is_cancelled() {
            "Cancelling...".to_owned()
        } else {
            format!(
                "{} of {} referrals, {} s",
                thousands(done as f64, 0),
                thousands(job.total as f64, 0),
                job.started.elapsed().as_secs()
            )
        };
        let fraction = done as f32 / job.total.max(1) as f32;
        ui.add(ProgressBar::new(fraction).text(text));
        return;
    }
    match &view.ended {
        Some(JobEnd::Cancelled) if view.run.is_some() => {
            ui.label("The simulation was cancelled. The results below are from the run before.");
        }
        Some(JobEnd::Cancelled) => {
            ui.label("The simulation was cancelled.");
        }
        Some(JobEnd::Failed(message)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Not simulated: {message}"),
            );
        }
        Some(JobEnd::Finished) | None => {}
    }
    let Some(run) = &view.run else {
        ui.label("Press Simulate to run both pathways.");
        return;
    };
    let result = &run.results[0];
    ui.label(format!(
        "{} referrals simulated through each pathway (seed {}), {}.",
        thousands(result.referrals as f64, 0),
        result.seed,
        took(run.elapsed)
    ));
    if run.key != keys {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "The pathways changed since this run: simulate again.",
        );
    }
}

/// "in under a second", "in 3.2 s".
fn took(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    if seconds < 1.0 {
        "in under a second".into()
    } else {
        format!("in {} s", thousands(seconds, 1))
    }
}

fn histogram_ui(ui: &mut Ui, run: &Run) {
    ui.label(RichText::new("Days from referral to the end of the pathway").strong());
    let upto_days = visible_days(&run.results);
    let legend_text = if ui.available_width() > 900.0 {
        egui::TextStyle::Body
    } else {
        egui::TextStyle::Small
    };
    let series = [
        ("Current", &run.results[0], CURRENT_COLOUR),
        ("Proposed", &run.results[1], PROPOSED_COLOUR),
    ];
    let plot = charts::base_plot("variability-histogram")
        .height(charts::CHART_HEIGHT + 50.0)
        .legend(
            Legend::default()
                .position(egui_plot::Corner::RightTop)
                .text_style(legend_text)
                .follow_insertion_order(true),
        )
        .x_axis_label("days from referral to end")
        .y_axis_label("share of referrals a week")
        .x_axis_formatter(|mark, _| thousands(mark.value, 0))
        .y_axis_formatter(|mark, _| percent_mark(mark.value, mark.step_size))
        .label_formatter(histogram_hover)
        .include_x(0.0)
        .include_x(upto_days)
        .include_y(0.0)
        .show(ui, |plot_ui| {
            for (name, result, colour) in series {
                let histogram = &result.days_histogram;
                let weeks = weekly_shares(&histogram.shares, histogram.bin_days, upto_days);
                plot_ui.bar_chart(
                    BarChart::new(name, week_bars(name, &weeks, colour))
                        .color(colour)
                        .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
                );
            }
            marker_lines(plot_ui, series);
        });
    charts::label_plot(&plot, "Histogram of days from referral to end");
}

/// The P50 and P92 of each pathway and the 18-week mark, as vertical lines named
/// with their values for the legend.
fn marker_lines(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    series: [(&str, &SimulationResult, Color32); 2],
) {
    for (name, result, colour) in series {
        let days = &result.elapsed_days;
        for (what, value, style) in [
            ("P50", days.p50, LineStyle::dashed_loose()),
            ("P92", days.p92, LineStyle::Solid),
        ] {
            let label = format!("{name} {what}: {} days", thousands(value, 1));
            plot_ui.vline(
                VLine::new(label, value)
                    .color(colour)
                    .width(2.0)
                    .style(style),
            );
        }
    }
    plot_ui.vline(
        VLine::new("18 weeks", EIGHTEEN_WEEKS_DAYS)
            .color(EIGHTEEN_WEEKS_COLOUR)
            .width(2.0)
            .style(LineStyle::dotted_dense()),
    );
}

/// Hover text on the histogram's marker lines (bars have their own).
fn histogram_hover(position: &HoverPosition<'_>) -> Option<String> {
    match position {
        HoverPosition::NearDataPoint { plot_name, .. } => Some((*plot_name).to_owned()),
        HoverPosition::Elsewhere { .. } => None,
    }
}

/// An axis mark for a share: "5%", or "0.5%" when the marks are closer than 1%.
fn percent_mark(share: f64, step: f64) -> String {
    let decimals = if step < 0.01 { 1 } else { 0 };
    format!("{}%", thousands(share * 100.0, decimals))
}

/// Days the histogram shows: past where 99% of referrals of both pathways have
/// finished, and past the 18 weeks, rounded up to a whole week.
fn visible_days(results: &[SimulationResult; 2]) -> f64 {
    let finished_99 = results
        .iter()
        .map(|r| day_reaching(&r.days_histogram.shares, r.days_histogram.bin_days, 0.99))
        .fold(0.0, f64::max);
    let days = (finished_99 * 1.1).max(EIGHTEEN_WEEKS_DAYS + 2.0 * BIN_DAYS);
    (days / BIN_DAYS).ceil() * BIN_DAYS
}

/// The day by which `share` of referrals have finished (the end of the bin that
/// reaches it), or the end of the histogram.
fn day_reaching(shares: &[f64], bin_days: f64, share: f64) -> f64 {
    let mut running = 0.0;
    for (i, s) in shares.iter().enumerate() {
        running += s;
        if running >= share {
            return (i + 1) as f64 * bin_days;
        }
    }
    shares.len() as f64 * bin_days
}

/// The histogram's shares added up into weeks, up to `upto_days`.
fn weekly_shares(shares: &[f64], bin_days: f64, upto_days: f64) -> Vec<f64> {
    let weeks = (upto_days / BIN_DAYS).ceil().max(1.0) as usize;
    let mut weekly = vec![0.0; weeks];
    for (i, share) in shares.iter().enumerate() {
        let week = ((i as f64 * bin_days) / BIN_DAYS).floor() as usize;
        if let Some(w) = weekly.get_mut(week) {
            *w += share;
        }
    }
    weekly
}

/// One bar a week, semi-transparent so the other pathway shows through.
fn week_bars(name: &str, weeks: &[f64], colour: Color32) -> Vec<Bar> {
    weeks
        .iter()
        .enumerate()
        .filter(|(_, share)| **share > 0.0)
        .map(|(week, &share)| {
            let start = week as f64 * BIN_DAYS;
            Bar::new(start + BIN_DAYS / 2.0, share)
                .width(BIN_DAYS)
                .fill(colour.gamma_multiply(0.45))
                .stroke(Stroke::new(1.0, colour))
                .name(format!(
                    "{name}, days {} to {}: {} of referrals",
                    thousands(start, 0),
                    thousands(start + BIN_DAYS, 0),
                    percent_1dp(share)
                ))
        })
        .collect()
}

fn within_ui(ui: &mut Ui, run: &Run) {
    let [current, proposed] = &run.results;
    ui.label(
        RichText::new(format!(
            "Within 18 weeks: {} current, {} proposed; standard {}",
            percent_1dp(current.within_126_days),
            percent_1dp(proposed.within_126_days),
            format_percent(STANDARD_SHARE)
        ))
        .size(22.0)
        .strong(),
    );
}

/// A share as a percentage with one decimal: "71.2%".
fn percent_1dp(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn table_ui(ui: &mut Ui, run: &Run) {
    let [current, proposed] = &run.results;
    let rows = [
        ("Current: days", current.elapsed_days, Measure::Days),
        ("Proposed: days", proposed.elapsed_days, Measure::Days),
        (
            "Current: £ per referral",
            current.cost_per_referral,
            Measure::Cost,
        ),
        (
            "Proposed: £ per referral",
            proposed.cost_per_referral,
            Measure::Cost,
        ),
    ];
    egui::Grid::new("variability-table")
        .striped(true)
        .num_columns(6)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for title in ["", "Mean", "P50", "P90", "P92", "P95"] {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
            for (name, d, measure) in rows {
                ui.label(name);
                for value in [d.mean, d.p50, d.p90, d.p92, d.p95] {
                    ui.label(measure_text(measure, value));
                }
                ui.end_row();
            }
        });
    ui.weak("P92: 92% of referrals finish within this; the 18-week standard asks for 126 days.");
}

fn tornado_ui(ui: &mut Ui, cx: &mut VariabilityCtx<'_>, selection: &mut Selection) {
    let measure = cx.view.measure;
    ui.label(
        RichText::new(match measure {
            Measure::Cost => "What moves the cost per referral most",
            Measure::Days => "What moves the elapsed days most",
        })
        .strong(),
    );
    tornado_controls_ui(ui, cx.view);
    let which = cx.view.tornado_of;
    let (rows, base) = match cx.view.tornado(which, cx.pathways, cx.keys) {
        Ok(t) => (t.top(measure), t.base(measure)),
        Err(message) => {
            ui.label(format!("No tornado: {message}"));
            return;
        }
    };
    if rows.is_empty() {
        ui.label("Nothing to swing: every estimate is a single number and no step branches.");
        return;
    }
    ui.weak(format!(
        "Each bar moves one input from the low to the high end of its range (a branch \
         share by 10 points), everything else at its most likely value. The line is the \
         expected {}; bars take the colour of their step's stage. Click a bar to select \
         its step.",
        measure_text(measure, base)
    ));
    let marked = |step: usize| {
        if which == cx.shown {
            selection.step == Some(step)
        } else {
            cx.view.highlight == Some((which, step))
        }
    };
    let marks: Vec<bool> = rows.iter().map(|r| marked(r.swing.step_index)).collect();
    if let Some(row) = tornado_plot_ui(ui, &rows, &marks, measure, base) {
        let step = rows[row].swing.step_index;
        if which == cx.shown {
            selection.step = Some(step);
            cx.view.highlight = None;
        } else {
            cx.view.highlight = Some((which, step));
        }
    }
}

fn tornado_controls_ui(ui: &mut Ui, view: &mut VariabilityView) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Pathway:");
        ui.selectable_value(&mut view.tornado_of, Which::Current, "current process");
        ui.selectable_value(&mut view.tornado_of, Which::Comparison, "proposed process");
        ui.add_space(16.0);
        ui.label("Measure:");
        ui.selectable_value(&mut view.measure, Measure::Cost, "cost per referral");
        ui.selectable_value(&mut view.measure, Measure::Days, "elapsed days");
    });
}

/// Draws the tornado; returns the row clicked (0 = the top, largest swing).
fn tornado_plot_ui(
    ui: &mut Ui,
    rows: &[TornadoRow],
    marks: &[bool],
    measure: Measure,
    base: f64,
) -> Option<usize> {
    let n = rows.len();
    let bars = tornado_bars(rows, marks, measure);
    let base_colour = ui.visuals().text_color();
    let axis_width = (ui.available_width() * 0.45).clamp(180.0, 420.0);
    let chars = (axis_width / LABEL_CHAR_WIDTH) as usize;
    let labels: Vec<String> = rows
        .iter()
        .rev()
        .map(|r| shorten(&r.label, chars))
        .collect();
    let plot = charts::base_plot("variability-tornado")
        .height(26.0 * n as f32 + 40.0)
        .show_grid([true, false])
        .set_margin_fraction(egui::vec2(0.05, 0.0))
        .y_grid_spacer(charts::category_marks(n))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(axis_width)
        .x_axis_label(match measure {
            Measure::Cost => "£ per referral",
            Measure::Days => "days from referral to end",
        })
        .x_axis_formatter(move |mark, _| {
            let decimals = if mark.step_size < 1.0 { 1 } else { 0 };
            match measure {
                Measure::Cost => pounds(mark.value, decimals),
                Measure::Days => thousands(mark.value, decimals),
            }
        })
        .include_y(-0.5)
        .include_y(n as f64 - 0.5)
        .include_x(base)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Swings", bars)
                    .color(Color32::GRAY)
                    .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
            );
            plot_ui.vline(
                VLine::new(format!("Expected: {}", measure_text(measure, base)), base)
                    .color(base_colour)
                    .width(1.5),
            );
        });
    charts::label_plot(&plot, "Tornado chart");
    if !plot.response.clicked() {
        return None;
    }
    let pos = plot.response.interact_pointer_pos()?;
    let y = plot.transform.value_from_position(pos).y.round();
    (y >= 0.0 && y < n as f64).then(|| n - 1 - y as usize)
}

/// One horizontal bar a row, the top row first, from the value at the input's low
/// end to the value at its high end; marked rows outlined.
fn tornado_bars(rows: &[TornadoRow], marks: &[bool], measure: Measure) -> Vec<Bar> {
    let n = rows.len();
    rows.iter()
        .zip(marks)
        .enumerate()
        .map(|(i, (row, &marked))| {
            let [low, high] = row.ends(measure);
            let stroke = if marked {
                Stroke::new(3.0, Color32::BLACK)
            } else {
                Stroke::NONE
            };
            Bar::new((n - 1 - i) as f64, high - low)
                .base_offset(low)
                .width(0.6)
                .fill(stage_colour(row.stage))
                .stroke(stroke)
                .name(row.hover(measure))
                .horizontal()
        })
        .collect()
}

/// A value of the measure with its unit: "£52.10", "93.5 days".
fn measure_text(measure: Measure, value: f64) -> String {
    match measure {
        Measure::Cost => pounds(value, 2),
        Measure::Days => format!("{} days", thousands(value, 1)),
    }
}

/// A label cut to at most `chars` characters, with "..." where it was cut.
fn shorten(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_owned();
    }
    let cut: String = label.chars().take(chars.saturating_sub(3)).collect();
    format!("{}...", cut.trim_end())
}

/// The tornado of a pathway: its swings in words, one of each mirrored pair of
/// shares dropped, with the expected cost and days.
fn tornado_of(pathway: &Pathway) -> Result<Tornado, String> {
    let report = analyse(pathway).map_err(|e| e.to_string())?;
    let swings = sensitivity(pathway).map_err(|e| e.to_string())?;
    let mut rows: Vec<TornadoRow> = Vec::with_capacity(swings.len());
    for swing in swings {
        if rows.iter().any(|r| is_mirror(pathway, &r.swing, &swing)) {
            continue;
        }
        rows.push(row_of(pathway, swing));
    }
    Ok(Tornado {
        rows,
        base_cost: report.cost_per_referral,
        base_days: report.elapsed_days,
    })
}

/// True when `b` is `a` seen from the other link of a two-way branch: moving one
/// share up moves the other down by as much, so the two bars would be the same.
fn is_mirror(pathway: &Pathway, a: &Swing, b: &Swing) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(1.0);
    a.step_index == b.step_index
        && pathway.steps[a.step_index].next.len() == 2
        && matches!(a.parameter, Parameter::Share(_))
        && matches!(b.parameter, Parameter::Share(_))
        && a.parameter != b.parameter
        && close(a.cost_low, b.cost_high)
        && close(a.cost_high, b.cost_low)
        && close(a.days_low, b.days_high)
        && close(a.days_high, b.days_low)
}

fn row_of(pathway: &Pathway, swing: Swing) -> TornadoRow {
    let step = &pathway.steps[swing.step_index];
    let label = format!(
        "{}: {}",
        step.name,
        parameter_words(pathway, &swing.parameter)
    );
    let inputs = [swing.low, swing.high].map(|v| input_text(&swing.parameter, v));
    TornadoRow {
        stage: step.stage,
        label,
        inputs,
        swing,
    }
}

/// A parameter in plain English, naming the step a share goes to.
fn parameter_words(pathway: &Pathway, parameter: &Parameter) -> String {
    match parameter {
        Parameter::TouchMinutes => "touch minutes".into(),
        Parameter::WaitDays => "wait days".into(),
        Parameter::UnitCost => "unit cost".into(),
        Parameter::Share(to) => {
            let name = pathway
                .step_index(to)
                .map_or(to.as_str(), |i| pathway.steps[i].name.as_str());
            format!("share to {name}")
        }
    }
}

/// An input value with its unit: "8 min", "14 days", "£1.20", "20%".
fn input_text(parameter: &Parameter, value: f64) -> String {
    match parameter {
        Parameter::TouchMinutes => format!("{} min", format_number(value, 1)),
        Parameter::WaitDays => format!("{} days", format_number(value, 1)),
        Parameter::UnitCost => pounds(value, 2),
        Parameter::Share(_) => format_percent(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_add_up_into_weeks() {
        // Ten 1-day bins: days 0-6 in week one, 7-9 in week two, nothing in week three.
        let weeks = weekly_shares(&[0.1; 10], 1.0, 15.0);
        assert_eq!(weeks.len(), 3);
        assert!((weeks[0] - 0.7).abs() < 1e-12 && (weeks[1] - 0.3).abs() < 1e-12);
        assert_eq!(weeks[2], 0.0);
        let bars = week_bars("Current", &weeks, CURRENT_COLOUR);
        assert_eq!(bars.len(), 2, "empty weeks have no bar");
        assert_eq!(bars[1].argument, 10.5);
        assert_eq!(bars[1].name, "Current, days 7 to 14: 30.0% of referrals");
    }

    #[test]
    fn day_reaching_is_the_end_of_the_bin() {
        let shares = [0.5, 0.3, 0.2];
        assert_eq!(day_reaching(&shares, 1.0, 0.5), 1.0);
        assert_eq!(day_reaching(&shares, 1.0, 0.9), 3.0);
        assert_eq!(day_reaching(&shares, 2.0, 0.99), 6.0);
    }

    #[test]
    fn labels_and_inputs_in_plain_english() {
        let pathway = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let tornado = tornado_of(&pathway).unwrap();
        let clinic = pathway.step_index("clinic").unwrap();
        let shares: Vec<&TornadoRow> = tornado
            .rows
            .iter()
            .filter(|r| {
                r.swing.step_index == clinic && matches!(r.swing.parameter, Parameter::Share(_))
            })
            .collect();
        assert_eq!(shares.len(), 1, "one of the mirrored pair is kept");
        assert!(shares[0].label.starts_with(&pathway.steps[clinic].name));
        assert!(shares[0].label.contains(": share to "));
        assert_eq!(shares[0].inputs, ["0%".to_owned(), "20%".to_owned()]);
        let grade = tornado
            .rows
            .iter()
            .find(|r| r.swing.parameter == Parameter::TouchMinutes)
            .unwrap();
        assert!(grade.label.ends_with(": touch minutes"));
        assert!(grade.hover(Measure::Cost).contains(" min: £"));
        assert!(tornado.top(Measure::Cost).len() <= TORNADO_BARS);
        let days = tornado.top(Measure::Days);
        assert!(
            days.windows(2)
                .all(|w| w[0].swing.days_swing() >= w[1].swing.days_swing())
        );
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(shorten("short", 40), "short");
        let long = "a".repeat(60);
        assert_eq!(shorten(&long, 40).chars().count(), 40);
        assert!(shorten(&long, 40).ends_with("..."));
    }
}
