//! The Variability tab: a Monte Carlo simulation of both pathways run on a
//! background thread (histograms of elapsed days, percentiles and the share within
//! 18 weeks), and a tornado chart of which uncertain inputs move the answer most.
//!
//! The tab owns the simulation job and a cache of the tornado; both are keyed on the
//! versions of the pathways, so a run made before an edit is marked stale and the
//! tornado follows every edit.

mod histogram;
mod tornado;

use crate::numbers::{grouped, parse_number};
use histogram::{histogram_ui, table_ui, within_ui};
#[cfg(test)]
use tornado::tornado_of;
use tornado::{measure_text, tornado_ui};

use std::time::Duration;

use egui::{Button, Color32, DragValue, ProgressBar, RichText, Stroke, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Legend, LineStyle, VLine};

use super::charts::{self, CURRENT_COLOUR, PROPOSED_COLOUR};
use crate::analysis::Report;
use crate::app::command::{Command, Which};
use crate::app::context::{Actions, Selection, stage_colour};
use crate::model::{Pathway, Stage};
use crate::sensitivity::{Parameter, Swing};
use crate::session::SimulationJob;
pub use crate::session::{JobEnd, SimulationRun as Run};
use crate::simulate::{EIGHTEEN_WEEKS_DAYS, SimulationResult};

/// Outpatient referrals in England in a year, for a national-scale run.
pub const NATIONAL_YEAR: u64 = 25_550_000;
/// Bars in the tornado chart.
pub const TORNADO_BARS: usize = 12;
/// Days in one histogram bin: a week, as waiting times are reported.
const BIN_DAYS: f64 = 7.0;
/// How often the progress is redrawn while a simulation runs.
pub const POLL: Duration = Duration::from_millis(100);
/// The share of referrals the 18-week standard expects within 126 days.
const STANDARD_SHARE: f64 = 0.92;
/// Width of a character of an axis label, roughly, in points.
const LABEL_CHAR_WIDTH: f32 = 6.2;
/// Colour of the 18-week mark.
const EIGHTEEN_WEEKS_COLOUR: Color32 = Color32::from_rgb(0xD5, 0x28, 0x1B);

/// What the tornado chart measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Cost per referral in £.
    #[default]
    Cost,
    /// Elapsed days per referral.
    Days,
}

/// View state of the Variability tab: the run's settings and the tornado's. The
/// simulation job and the sensitivity analysis live in the session.
#[derive(Debug)]
pub struct VariabilityView {
    /// Referrals to simulate; `None` follows the current pathway's annual referrals.
    pub referrals: Option<u64>,
    /// Seed of the random streams.
    pub seed: u64,
    /// Which pathway the tornado shows.
    pub tornado_of: Which,
    /// Cost or days in the tornado.
    pub measure: Measure,
    /// A step marked in the tornado of the pathway not being edited.
    highlight: Option<(Which, usize)>,
}

impl Default for VariabilityView {
    fn default() -> Self {
        Self {
            referrals: None,
            seed: 1,
            tornado_of: Which::Current,
            measure: Measure::Cost,
            highlight: None,
        }
    }
}

/// What the Variability tab reads and changes.
pub struct VariabilityCtx<'a> {
    /// The current process and the option in view.
    pub pathways: [&'a Pathway; 2],
    /// Their places in the session, for edits that name the pathway they change.
    pub places: [usize; 2],
    /// Their analyses, when they have no errors.
    pub reports: [Option<&'a Report>; 2],
    /// The simulation job: running, its progress and the last run.
    pub simulation: &'a SimulationJob,
    /// True when the last run is of the pathways as they are now.
    pub simulation_is_current: bool,
    /// The sensitivity of the pathway the tornado shows (computed by the session).
    pub swings: Option<&'a Result<Vec<Swing>, String>>,
    /// The pathway being edited (whose selection clicks on the tornado change).
    pub shown: Which,
    /// Settings of the run and the tornado.
    pub view: &'a mut VariabilityView,
}

/// The Variability tab: run controls, the simulation's histograms and figures, then
/// the tornado chart.
pub fn variability_ui(
    ui: &mut Ui,
    mut cx: VariabilityCtx<'_>,
    selection: &mut Selection,
    actions: &mut Actions,
) {
    ui.weak(
        "Simulate referrals one at a time, each drawing its minutes, waits and costs at \
         random from the ranges, to see the spread of waits: how many finish within 18 \
         weeks, and how long the unluckiest wait.",
    );
    controls_ui(ui, &mut cx, actions);
    status_ui(ui, cx.simulation, cx.simulation_is_current);
    if let Some(run) = cx.simulation.last_run() {
        ui.add_space(8.0);
        super::chart_frame::chart_ui(ui, "simulated-days", actions, |ui| histogram_ui(ui, run));
        ui.add_space(8.0);
        within_ui(ui, run);
        ui.add_space(4.0);
        table_ui(ui, run);
        super::chart_frame::table_buttons_ui(
            ui,
            "simulated-percentiles",
            || crate::export::table::percentile_table(&run.results),
            actions,
        );
    }
    ui.add_space(16.0);
    tornado_ui(ui, &mut cx, selection, actions);
}

fn controls_ui(ui: &mut Ui, cx: &mut VariabilityCtx<'_>, actions: &mut Actions) {
    let running = cx.simulation.is_running();
    let following = cx.pathways[0].annual_referrals.round().max(1.0) as u64;
    let mut referrals = cx.view.referrals.unwrap_or(following);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Referrals to simulate");
        let drag = DragValue::new(&mut referrals)
            .range(1..=1_000_000_000)
            .speed(100.0)
            .custom_formatter(|v, _| grouped(v, 0))
            .custom_parser(parse_number);
        if ui
            .add_enabled(!running, drag)
            .labelled_by(label.id)
            .changed()
        {
            cx.view.referrals = Some(referrals);
        }
        let national = format!("A national year ({})", grouped(NATIONAL_YEAR as f64, 0));
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
                actions.command(Command::CancelSimulation);
            }
        } else if ui.button("Simulate").clicked() {
            actions.command(Command::Simulate {
                referrals,
                seed: cx.view.seed,
            });
        }
    });
}

fn status_ui(ui: &mut Ui, job: &SimulationJob, is_current: bool) {
    if let Some((done, total)) = job.progress() {
        let done = done.min(total);
        let text = if job.is_cancelling() {
            "Cancelling...".to_owned()
        } else {
            format!(
                "{} of {} referrals, {} s",
                grouped(done as f64, 0),
                grouped(total as f64, 0),
                job.running_for().unwrap_or_default().as_secs()
            )
        };
        let fraction = done as f32 / total.max(1) as f32;
        ui.add(ProgressBar::new(fraction).text(text));
        return;
    }
    match job.ended() {
        Some(JobEnd::Cancelled) if job.last_run().is_some() => {
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
    let Some(run) = job.last_run() else {
        ui.label("Press Simulate to run both pathways.");
        return;
    };
    let result = &run.results[0];
    ui.label(format!(
        "{} referrals simulated through each pathway (seed {}){}.",
        grouped(result.referrals as f64, 0),
        result.seed,
        took(run.elapsed)
    ));
    if !is_current {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "The pathways changed since this run: simulate again.",
        );
    }
}

/// Runs this long say how long they took (", in 12.3 s"); a quicker one says nothing,
/// so the line reads the same however busy the computer was.
const LONG_RUN: Duration = Duration::from_secs(10);

/// ", in 12.3 s" for a long run, else nothing.
fn took(elapsed: Duration) -> String {
    if elapsed < LONG_RUN {
        String::new()
    } else {
        format!(", in {} s", grouped(elapsed.as_secs_f64(), 1))
    }
}

#[cfg(test)]
mod tests {
    use super::histogram::{day_reaching, week_bars, weekly_shares};
    use super::tornado::{TornadoRow, shorten};
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
        let report = crate::analyse(&pathway).unwrap();
        let swings = crate::sensitivity::sensitivity(&pathway).unwrap();
        let tornado = tornado_of(&pathway, &report, swings);
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
        assert_eq!(shares[0].inputs, ["0%".to_owned(), "18.6%".to_owned()]);
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
