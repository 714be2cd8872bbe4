//! Drawing one step card: a stage-coloured header, the name, who does it and for how
//! long, the start tab, the double border of an end step, the link handle and the
//! validation marker; and the card's tooltip.

use egui::text::LayoutJob;
use egui::{
    Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shadow, Stroke, StrokeKind, Ui,
    Visuals, pos2, vec2,
};

use crate::app::context::{stage_colour, stage_description};
use crate::model::{Estimate, Pathway, Step};
use crate::validate::{Problem, Severity};

/// Below this zoom a card shows only its name.
pub(super) const DETAIL_ZOOM: f32 = 0.55;
/// Below this zoom the "Start" tab would outgrow its card; the arrow in is enough.
const MIN_START_TAB_ZOOM: f32 = 0.25;
/// Narrower than this on screen (points), a card is just a coloured block.
const MIN_NAME_WIDTH: f32 = 30.0;
/// Height of the stage header in canvas units.
const HEADER_HEIGHT: f32 = 20.0;
/// Inner padding of a card in canvas units.
const PADDING: f32 = 8.0;

/// How a card is drawn this frame.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Look {
    /// The selected step.
    pub selected: bool,
    /// Under the pointer.
    pub hovered: bool,
    /// In the highlighted stage.
    pub highlighted: bool,
    /// Another stage is highlighted.
    pub dimmed: bool,
    /// A link being dragged out would end here.
    pub drop_target: bool,
    /// The first step.
    pub start: bool,
    /// Expected passes per referral, when the step is on a loop (more than one).
    pub loop_visits: Option<f64>,
    /// A problem marker sits on the top-right corner.
    pub marked: bool,
    /// *What changed* lists a change to this step.
    pub changed: bool,
}

/// The outline of a step that *What changed* lists (Okabe and Ito's orange).
const CHANGED_COLOUR: Color32 = Color32::from_rgb(0xE6, 0x9F, 0x00);

/// The card's fill: a light tint of the stage colour over the theme's window colour.
fn fill_colour(stage: Color32, visuals: &Visuals) -> Color32 {
    let tint = if visuals.dark_mode { 0.20 } else { 0.10 };
    visuals.window_fill.lerp_to_gamma(stage, tint)
}

/// The colour of an error or a warning marker.
pub(super) fn severity_colour(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(0xD5, 0x28, 0x1B),
        Severity::Warning => Color32::from_rgb(0xFF, 0xB8, 0x1C),
    }
}

/// A number without a needless ".0": 13, 2.5.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// "13" for a plain number, "1–7" (low to high) for a range.
fn estimate_text(estimate: &Estimate) -> String {
    if estimate.is_fixed() {
        number(estimate.likely)
    } else {
        format!("{}–{}", number(estimate.low), number(estimate.high))
    }
}

/// "wait 3 days", "wait 1–7 days", "wait 1 day".
pub(super) fn wait_text(step: &Step) -> Option<String> {
    if step.wait_days.is_zero() {
        return None;
    }
    let unit = if step.wait_days.is_fixed() && step.wait_days.likely == 1.0 {
        "day"
    } else {
        "days"
    };
    Some(format!("wait {} {unit}", estimate_text(&step.wait_days)))
}

/// The role's name without a trailing note in brackets: "Booking clerk".
fn short_role_name(step: &Step, pathway: &Pathway) -> Option<String> {
    let id = step.role.as_deref()?;
    let name = pathway.role(id).map_or(id, |r| r.name.as_str());
    let short = name.split(" (").next().unwrap_or(name).trim();
    Some(if short.is_empty() { name } else { short }.to_owned())
}

/// The card's line under the name: "Booking clerk · 13 min", or the outcome of an end step.
pub(super) fn detail_line(step: &Step, pathway: &Pathway) -> String {
    if step.is_end() {
        let outcome = step.outcome.map_or("not set", |o| o.name());
        return format!("Outcome: {outcome}");
    }
    let mut parts = Vec::new();
    parts.extend(short_role_name(step, pathway));
    if step.touch_minutes.likely > 0.0 {
        parts.push(format!("{} min", number(step.touch_minutes.likely)));
    }
    if parts.is_empty() {
        parts.push("No staff time".to_owned());
    }
    parts.join(" · ")
}

/// Draws the card (its shadow, body, header, text, start tab and end border).
pub(super) fn paint_card(
    painter: &Painter,
    rect: Rect,
    zoom: f32,
    step: &Step,
    pathway: &Pathway,
    look: Look,
    visuals: &Visuals,
) {
    let stage = stage_colour(step.stage);
    let radius = (7.0 * zoom).clamp(2.0, 12.0) as u8;
    let shadow = Shadow {
        offset: [0, 2],
        blur: (10.0 * zoom).clamp(2.0, 14.0) as u8,
        spread: 0,
        color: Color32::from_black_alpha(if visuals.dark_mode { 90 } else { 40 }),
    };
    if zoom >= DETAIL_ZOOM {
        painter.add(shadow.as_shape(rect, radius));
    }
    let border = if look.hovered {
        Stroke::new(1.5, stage)
    } else {
        Stroke::new(1.0, stage.gamma_multiply(0.6))
    };
    painter.rect(
        rect,
        radius,
        fill_colour(stage, visuals),
        border,
        StrokeKind::Inside,
    );
    let header = Rect::from_min_max(
        rect.min,
        pos2(rect.max.x, rect.min.y + HEADER_HEIGHT * zoom),
    );
    let top_only = CornerRadius {
        nw: radius,
        ne: radius,
        sw: 0,
        se: 0,
    };
    painter.rect_filled(header, top_only, stage);
    if step.is_end() {
        let gap = (4.0 * zoom).clamp(2.0, 6.0);
        painter.rect_stroke(
            rect.expand(gap),
            radius.saturating_add(gap as u8),
            Stroke::new((2.0 * zoom).clamp(1.0, 3.0), stage),
            StrokeKind::Middle,
        );
    }
    paint_text(painter, rect, header, zoom, step, pathway, look, visuals);
    let outline = if look.drop_target {
        Some(visuals.hyperlink_color)
    } else if look.selected {
        Some(visuals.selection.stroke.color)
    } else if look.highlighted {
        Some(stage)
    } else {
        None
    };
    if let Some(colour) = outline {
        let gap = if step.is_end() { 7.0 } else { 3.0 };
        painter.rect_stroke(
            rect.expand((gap * zoom).max(2.0) + 1.5),
            radius.saturating_add(4),
            Stroke::new(3.0, colour),
            StrokeKind::Middle,
        );
    }
    if look.changed {
        let gap = if step.is_end() { 11.0 } else { 8.0 };
        painter.rect_stroke(
            rect.expand((gap * zoom).max(4.0) + 1.5),
            radius.saturating_add(6),
            Stroke::new(2.5, CHANGED_COLOUR),
            StrokeKind::Middle,
        );
        if zoom >= DETAIL_ZOOM {
            painter.text(
                rect.left_bottom() + egui::vec2(0.0, (gap + 4.0) * zoom),
                egui::Align2::LEFT_TOP,
                "changed",
                egui::FontId::proportional((11.0 * zoom).clamp(8.0, 14.0)),
                CHANGED_COLOUR,
            );
        }
    }
    if look.start {
        paint_start_tab(painter, rect, zoom, visuals);
    }
}

/// A "Start" tab above the first card and a short arrow in from the left.
fn paint_start_tab(painter: &Painter, rect: Rect, zoom: f32, visuals: &Visuals) {
    let ink = visuals.strong_text_color();
    let tip = rect.left_center();
    let length = 30.0 * zoom;
    let head = (10.0 * zoom).clamp(4.0, 18.0);
    painter.line_segment(
        [
            tip - vec2(length.max(head * 2.0), 0.0),
            tip - vec2(head * 0.6, 0.0),
        ],
        Stroke::new((2.0 * zoom).clamp(1.0, 3.5), ink),
    );
    super::links::paint_arrowhead(painter, tip, vec2(1.0, 0.0), head, ink);
    if zoom < MIN_START_TAB_ZOOM {
        return;
    }
    let font = FontId::proportional((11.0 * zoom).max(7.0));
    let galley = painter.layout_no_wrap("Start".to_owned(), font, visuals.window_fill);
    let size = galley.size() + vec2(12.0 * zoom, 4.0 * zoom);
    let tab = Rect::from_min_size(pos2(rect.min.x + 10.0 * zoom, rect.min.y - size.y), size);
    let r = (4.0 * zoom).clamp(1.0, 8.0) as u8;
    let top_only = CornerRadius {
        nw: r,
        ne: r,
        sw: 0,
        se: 0,
    };
    painter.rect_filled(tab, top_only, ink);
    painter.galley(
        tab.center() - galley.size() / 2.0,
        galley,
        visuals.window_fill,
    );
}

#[expect(
    clippy::too_many_arguments,
    reason = "one card's parts, all needed to place text"
)]
fn paint_text(
    painter: &Painter,
    rect: Rect,
    header: Rect,
    zoom: f32,
    step: &Step,
    pathway: &Pathway,
    look: Look,
    visuals: &Visuals,
) {
    let pad = PADDING * zoom;
    let width = rect.width() - 2.0 * pad;
    let detailed = zoom >= DETAIL_ZOOM;
    if detailed {
        let font = FontId::proportional(10.5 * zoom);
        let left = pos2(header.min.x + pad, header.center().y);
        let stage = painter.text(
            left,
            Align2::LEFT_CENTER,
            step.stage.name().to_uppercase(),
            font.clone(),
            Color32::WHITE,
        );
        let right_text = wait_text(step).or_else(|| step.is_end().then(|| "END".to_owned()));
        if let Some(text) = right_text {
            let marker_room = if look.marked { 10.0 * zoom } else { 0.0 };
            let right = pos2(header.max.x - pad - marker_room, header.center().y);
            let galley = painter.layout_no_wrap(text, font, Color32::WHITE);
            let at = Align2::RIGHT_CENTER.anchor_size(right, galley.size());
            if at.min.x > stage.max.x + pad {
                painter.galley(at.min, galley, Color32::WHITE);
            }
        }
    }
    if rect.width() < MIN_NAME_WIDTH {
        return;
    }
    let name_size = if detailed {
        13.5 * zoom
    } else {
        (13.5 * zoom).max(7.5)
    };
    let body = Rect::from_min_max(pos2(rect.min.x + pad, header.max.y + 3.0 * zoom), rect.max);
    let rows = if detailed {
        2
    } else {
        ((body.height() / (name_size * 1.3)).floor() as usize).clamp(1, 3)
    };
    let mut job = LayoutJob::simple(
        step.name.clone(),
        FontId::proportional(name_size),
        visuals.strong_text_color(),
        width,
    );
    job.wrap.max_rows = rows;
    job.wrap.overflow_character = Some('…');
    painter.galley(
        body.min,
        painter.layout_job(job),
        visuals.strong_text_color(),
    );
    if detailed {
        paint_detail_line(painter, rect, zoom, step, pathway, look, visuals);
    }
}

fn paint_detail_line(
    painter: &Painter,
    rect: Rect,
    zoom: f32,
    step: &Step,
    pathway: &Pathway,
    look: Look,
    visuals: &Visuals,
) {
    let pad = PADDING * zoom;
    let font = FontId::proportional(11.0 * zoom);
    let baseline_y = rect.max.y - pad * 0.6;
    let mut right_edge = rect.max.x - pad;
    if let Some(visits) = look.loop_visits {
        let colour = if visuals.dark_mode {
            Color32::from_rgb(0xF2, 0x7A, 0xC8)
        } else {
            Color32::from_rgb(0xB0, 0x1E, 0x7A)
        };
        let text = format!("×{visits:.2}");
        let at = painter.text(
            pos2(right_edge, baseline_y),
            Align2::RIGHT_BOTTOM,
            text,
            font.clone(),
            colour,
        );
        right_edge = at.min.x - pad * 0.5;
    }
    let mut job =
        LayoutJob::simple_singleline(detail_line(step, pathway), font, detail_colour(visuals));
    job.wrap.max_width = (right_edge - rect.min.x - pad).max(0.0);
    job.wrap.max_rows = 1;
    job.wrap.overflow_character = Some('…');
    let galley = painter.layout_job(job);
    let at = pos2(rect.min.x + pad, baseline_y - galley.size().y);
    painter.galley(at, galley, detail_colour(visuals));
}

/// The colour of a card's detail line: between body text and strong text, so that it
/// still reads on a projector.
fn detail_colour(visuals: &Visuals) -> Color32 {
    visuals
        .text_color()
        .lerp_to_gamma(visuals.strong_text_color(), 0.35)
}

/// The round handle on a card's right edge that new links are dragged out of.
/// An active handle (under the pointer, or being dragged) takes the colour of links being drawn.
pub(super) fn paint_handle(
    painter: &Painter,
    centre: Pos2,
    radius: f32,
    stage: Color32,
    active: bool,
    visuals: &Visuals,
) {
    if active {
        let colour = visuals.hyperlink_color;
        painter.circle(
            centre,
            radius * 1.2,
            colour,
            Stroke::new(2.0, visuals.window_fill),
        );
    } else {
        painter.circle(centre, radius, visuals.window_fill, Stroke::new(2.0, stage));
        painter.circle_filled(centre, radius * 0.35, stage);
    }
}

/// A round marker with "!" for a step's worst problem.
pub(super) fn paint_marker(
    painter: &Painter,
    centre: Pos2,
    radius: f32,
    severity: Severity,
    visuals: &Visuals,
) {
    let fill = severity_colour(severity);
    let ink = match severity {
        Severity::Error => Color32::WHITE,
        Severity::Warning => Color32::BLACK,
    };
    painter.circle(centre, radius, fill, Stroke::new(1.5, visuals.window_fill));
    painter.text(
        centre,
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(radius * 1.5),
        ink,
    );
}

/// The card's tooltip: the whole name and the step's figures.
pub(super) fn tooltip_ui(
    ui: &mut Ui,
    step: &Step,
    pathway: &Pathway,
    visits: Option<f64>,
    problems: &[&Problem],
) {
    ui.strong(&step.name);
    ui.label(format!(
        "{}: {}",
        step.stage.name(),
        stage_description(step.stage)
    ));
    if let Some(role) = step.role.as_deref() {
        let name = pathway.role(role).map_or(role, |r| r.name.as_str());
        ui.label(format!("Done by: {name}"));
    }
    if !step.touch_minutes.is_zero() {
        ui.label(format!("Staff time: {} min a pass", step.touch_minutes));
    }
    if let Some(wait) = wait_text(step) {
        ui.label(format!("Then {wait} before the next step"));
    }
    if !step.unit_cost.is_zero() {
        ui.label(format!("Consumables: £{} a pass", step.unit_cost));
    }
    if let Some(visits) = visits {
        ui.label(format!("Expected passes per referral: {visits:.2}"));
    }
    if step.is_end() {
        ui.label(detail_line(step, pathway));
    }
    for problem in problems {
        ui.colored_label(severity_colour(problem.severity), &problem.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Outcome, Role, Stage};

    fn pathway() -> Pathway {
        let mut p = Pathway::new("t");
        p.roles
            .push(Role::new("band3", "Booking clerk (AfC Band 3)", 39.0));
        p
    }

    #[test]
    fn the_detail_line_names_the_role_and_the_minutes() {
        let p = pathway();
        let mut step = Step::new("book", "Book", Stage::Booking);
        step.role = Some("band3".into());
        step.touch_minutes = Estimate::range(8.0, 13.0, 18.0);
        step.wait_days = Estimate::range(1.0, 2.0, 5.0);
        step.next.push(Link {
            to: "x".into(),
            share: 1.0,
        });
        assert_eq!(detail_line(&step, &p), "Booking clerk · 13 min");
        assert_eq!(wait_text(&step).as_deref(), Some("wait 1–5 days"));
    }

    #[test]
    fn an_end_step_shows_its_outcome() {
        let mut step = Step::new("seen", "Seen", Stage::Attendance);
        step.outcome = Some(Outcome::Appointment);
        assert_eq!(detail_line(&step, &pathway()), "Outcome: Appointment");
        step.wait_days = Estimate::fixed(1.0);
        assert_eq!(wait_text(&step).as_deref(), Some("wait 1 day"));
    }
}
