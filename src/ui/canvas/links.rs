//! Drawing links: arrows with share labels, loops dashed in their own colour, and the
//! rubber band drawn while a new link is dragged out of a card's handle.

use egui::{Align2, Color32, FontId, Painter, Pos2, Shape, Stroke, StrokeKind, Vec2, Visuals};

use super::route::Route;
use super::transform::Transform;

/// Below this zoom the share labels would cover the map, so they are left out.
const MIN_LABEL_ZOOM: f32 = 0.3;

/// How strongly a link is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Emphasis {
    /// Like most links.
    Normal,
    /// It joins the selected step.
    Strong,
    /// Another stage is highlighted.
    Dimmed,
}

/// Colours of forward links and of loops in this theme.
fn link_colours(visuals: &Visuals) -> (Color32, Color32) {
    if visuals.dark_mode {
        (Color32::from_gray(170), Color32::from_rgb(0xF2, 0x7A, 0xC8))
    } else {
        (Color32::from_gray(96), Color32::from_rgb(0xB0, 0x1E, 0x7A))
    }
}

/// A share as a percentage label: "85%", or "94.8%" when it is not a whole number.
pub(super) fn share_label(share: f64) -> String {
    let percent = share * 100.0;
    if (percent - percent.round()).abs() < 0.05 {
        format!("{percent:.0}%")
    } else {
        format!("{percent:.1}%")
    }
}

/// Draws every link (lines and arrowheads first, then the labels on top of them).
pub(super) fn paint_links(
    painter: &Painter,
    transform: &Transform,
    routes: &[Route],
    emphasis: impl Fn(&Route) -> Emphasis,
    visuals: &Visuals,
) {
    for route in routes {
        paint_arrow(painter, transform, route, emphasis(route), visuals);
    }
    if transform.zoom < MIN_LABEL_ZOOM {
        return;
    }
    for route in routes.iter().filter(|r| r.labelled) {
        paint_label(painter, transform, route, emphasis(route), visuals);
    }
}

fn colour_and_width(
    route_is_back: bool,
    emphasis: Emphasis,
    zoom: f32,
    visuals: &Visuals,
) -> (Color32, f32) {
    let (forward, back) = link_colours(visuals);
    let colour = if route_is_back { back } else { forward };
    let width = (1.8 * zoom).clamp(1.2, 3.5);
    match emphasis {
        Emphasis::Normal => (colour, width),
        Emphasis::Strong => (
            if route_is_back {
                colour
            } else {
                visuals.strong_text_color()
            },
            width * 1.6,
        ),
        Emphasis::Dimmed => (colour.gamma_multiply(0.25), width),
    }
}

fn arrowhead_length(zoom: f32) -> f32 {
    (10.0 * zoom).clamp(7.0, 18.0)
}

fn paint_arrow(
    painter: &Painter,
    transform: &Transform,
    route: &Route,
    emphasis: Emphasis,
    visuals: &Visuals,
) {
    let (colour, width) = colour_and_width(route.back, emphasis, transform.zoom, visuals);
    // Enough pieces for a smooth curve at this size, and no more.
    let segments = ((24.0 * transform.zoom).round() as usize).clamp(6, 24);
    let mut points: Vec<Pos2> = route
        .points(segments)
        .into_iter()
        .map(|p| transform.screen_from_canvas(p))
        .collect();
    let Some(&tip) = points.last() else { return };
    let head = arrowhead_length(transform.zoom);
    trim_end(&mut points, head * 0.7);
    let stroke = Stroke::new(width, colour);
    if route.back {
        let dash = (9.0 * transform.zoom).clamp(5.0, 14.0);
        let gap = (5.0 * transform.zoom).clamp(3.0, 8.0);
        painter.extend(Shape::dashed_line(&points, stroke, dash, gap));
    } else {
        painter.line(points, stroke);
    }
    paint_arrowhead(painter, tip, route.end_direction(), head, colour);
}

/// Removes the last `length` points' worth of a polyline, ending it exactly that far
/// (along the line) before its old end.
fn trim_end(points: &mut Vec<Pos2>, length: f32) {
    let mut left = length;
    while points.len() >= 2 {
        let (a, b) = (points[points.len() - 2], points[points.len() - 1]);
        let segment = (b - a).length();
        if segment > left {
            if let Some(last) = points.last_mut() {
                *last = b + (a - b) * (left / segment);
            }
            return;
        }
        left -= segment;
        points.pop();
    }
}

/// A filled arrowhead with its tip at `tip`, pointing along `direction`.
pub(super) fn paint_arrowhead(
    painter: &Painter,
    tip: Pos2,
    direction: Vec2,
    length: f32,
    colour: Color32,
) {
    if !direction.is_finite() || direction == Vec2::ZERO {
        return;
    }
    let back = tip - direction * length;
    let side = direction.rot90() * (length * 0.5);
    painter.add(Shape::convex_polygon(
        vec![tip, back + side, back - side],
        colour,
        Stroke::NONE,
    ));
}

fn paint_label(
    painter: &Painter,
    transform: &Transform,
    route: &Route,
    emphasis: Emphasis,
    visuals: &Visuals,
) {
    let (colour, _) = colour_and_width(route.back, emphasis, transform.zoom, visuals);
    let text_colour = if route.back || emphasis == Emphasis::Dimmed {
        colour
    } else {
        visuals.strong_text_color()
    };
    let font = FontId::proportional((11.5 * transform.zoom).clamp(9.0, 20.0));
    let galley = painter.layout_no_wrap(share_label(route.share), font, text_colour);
    let centre = transform.screen_from_canvas(route.label_at);
    let text_rect = Align2::CENTER_CENTER.anchor_size(centre, galley.size());
    let fill = if emphasis == Emphasis::Dimmed {
        visuals.window_fill.gamma_multiply(0.6)
    } else {
        visuals.window_fill
    };
    painter.rect(
        text_rect.expand2(egui::vec2(4.0, 1.0)),
        4,
        fill,
        Stroke::new(1.0, colour),
        StrokeKind::Outside,
    );
    painter.galley(text_rect.min, galley, text_colour);
}

/// The arrow drawn from a card's handle to the pointer while a link is dragged out.
pub(super) fn paint_rubber_band(
    painter: &Painter,
    start: Pos2,
    end: Pos2,
    zoom: f32,
    visuals: &Visuals,
) {
    if (end - start).length() < 4.0 {
        return;
    }
    let colour = visuals.hyperlink_color;
    // A curve when the pointer is to the right of the handle; straight back otherwise.
    let bend = if end.x > start.x {
        ((end.x - start.x) * 0.5).max(30.0)
    } else {
        0.0
    };
    let curve = [
        start,
        start + egui::vec2(bend, 0.0),
        end - egui::vec2(bend, 0.0),
        end,
    ];
    let mut points: Vec<Pos2> = (0..=24)
        .map(|k| super::route::cubic(&curve, k as f32 / 24.0))
        .collect();
    let head = arrowhead_length(zoom);
    let direction = (end - super::route::cubic(&curve, 0.95)).normalized();
    trim_end(&mut points, head * 0.7);
    painter.extend(Shape::dashed_line(
        &points,
        Stroke::new(2.5, colour),
        8.0,
        5.0,
    ));
    paint_arrowhead(painter, end, direction, head, colour);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_percentages() {
        assert_eq!(share_label(0.92), "92%");
        assert_eq!(share_label(0.948), "94.8%");
        assert_eq!(share_label(0.052), "5.2%");
        assert_eq!(share_label(1.0), "100%");
    }

    #[test]
    fn trimming_ends_the_line_short_of_the_tip() {
        let mut points = vec![Pos2::ZERO, egui::pos2(10.0, 0.0), egui::pos2(12.0, 0.0)];
        trim_end(&mut points, 5.0);
        assert_eq!(points, vec![Pos2::ZERO, egui::pos2(7.0, 0.0)]);
    }
}
