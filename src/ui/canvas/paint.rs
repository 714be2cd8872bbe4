//! Drawing a frame of the canvas, bottom to top: the background, the links, the cards
//! with their handles and markers, and the link being dragged out.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Ui, Vec2, Visuals, vec2};

use super::links::{self, Emphasis};
use super::route::Route;
use super::transform::Transform;
use super::{
    CanvasView, Gesture, Scene, card, card_at, handle_radius, loop_visits, marker_centre,
    marker_radius,
};
use crate::app::context::{PanelCtx, stage_colour};

/// Draws the background, the links, the cards and what is being dragged, bottom to top.
pub(super) fn paint(ui: &Ui, ctx: &PanelCtx<'_>, view: &CanvasView, scene: &Scene<'_>) {
    let transform = &scene.transform;
    let painter = ui.painter_at(transform.area);
    let visuals = ui.visuals();
    paint_background(&painter, transform, visuals);
    let highlight = ctx.selection.highlight_stage;
    let selected = ctx.selection.step;
    let steps = &ctx.pathway.steps;
    let emphasis = |r: &Route| match highlight {
        Some(stage) if steps[r.from].stage == stage || steps[r.to].stage == stage => {
            Emphasis::Normal
        }
        Some(_) => Emphasis::Dimmed,
        None if selected == Some(r.from) || selected == Some(r.to) => Emphasis::Strong,
        None => Emphasis::Normal,
    };
    links::paint_links(&painter, transform, &scene.routes, emphasis, visuals);
    paint_cards(&painter, ctx, view, scene, visuals);
    if let Gesture::Link { from, pointer } = view.gesture
        && let Some(card) = scene.cards.get(from)
    {
        let start = transform.screen_rect_from_canvas(*card).right_center();
        links::paint_rubber_band(&painter, start, pointer, transform.zoom, visuals);
    }
    paint_overlay(&painter, transform, steps.is_empty(), visuals);
}

/// Each card with its link handle and problem marker.
fn paint_cards(
    painter: &Painter,
    ctx: &PanelCtx<'_>,
    view: &CanvasView,
    scene: &Scene<'_>,
    visuals: &Visuals,
) {
    let transform = &scene.transform;
    let zoom = transform.zoom;
    let highlight = ctx.selection.highlight_stage;
    let (linking, drop_target) = match view.gesture {
        Gesture::Link { from, pointer } => (
            Some(from),
            card_at(&scene.cards, transform.canvas_from_screen(pointer), from),
        ),
        _ => (None, None),
    };
    for (i, step) in ctx.pathway.steps.iter().enumerate() {
        let state = scene.states[i];
        let look = card::Look {
            selected: ctx.selection.step == Some(i),
            hovered: state.hovered,
            highlighted: highlight == Some(step.stage),
            dimmed: highlight.is_some_and(|s| s != step.stage),
            drop_target: drop_target == Some(i),
            start: i == 0,
            loop_visits: loop_visits(ctx, i),
            marked: !scene.problems[i].is_empty(),
            changed: view.changed_steps.contains(&i),
        };
        let mut card_painter = painter.clone();
        if look.dimmed {
            card_painter.multiply_opacity(0.3);
        }
        let screen = transform.screen_rect_from_canvas(scene.cards[i]);
        card::paint_card(
            &card_painter,
            screen,
            zoom,
            step,
            ctx.pathway,
            look,
            visuals,
        );
        // Far out, handles would hide the names: show them only on the card under the pointer.
        let active = state.handle_active || linking == Some(i);
        if zoom >= card::DETAIL_ZOOM || state.hovered || active {
            let colour = stage_colour(step.stage);
            let centre = screen.right_center();
            card::paint_handle(
                &card_painter,
                centre,
                handle_radius(zoom),
                colour,
                active,
                visuals,
            );
        }
        if let Some(severity) = scene.problems[i].iter().map(|p| p.severity).min() {
            let centre = marker_centre(screen, zoom);
            card::paint_marker(
                &card_painter,
                centre,
                marker_radius(zoom),
                severity,
                visuals,
            );
        }
    }
}

/// The canvas colour and a dot grid that moves with pan and zoom.
fn paint_background(painter: &Painter, transform: &Transform, visuals: &Visuals) {
    let area = transform.area;
    let (fill, dot) = if visuals.dark_mode {
        (Color32::from_gray(22), Color32::from_gray(50))
    } else {
        (Color32::from_gray(236), Color32::from_gray(200))
    };
    painter.rect_filled(area, 0, fill);
    let mut spacing = transform.points(25.0);
    while spacing < 18.0 {
        spacing *= 2.0;
    }
    let origin = transform.screen_from_canvas(Pos2::ZERO);
    let first = |from: f32, origin: f32| origin + ((from - origin) / spacing).ceil() * spacing;
    // One mesh for all the dots: thousands of shapes would be slow to tessellate.
    let mut mesh = egui::Mesh::default();
    let dot_size = Vec2::splat(2.0);
    let mut y = first(area.min.y, origin.y);
    while y < area.max.y {
        let mut x = first(area.min.x, origin.x);
        while x < area.max.x {
            mesh.add_colored_rect(Rect::from_center_size(Pos2::new(x, y), dot_size), dot);
            x += spacing;
        }
        y += spacing;
    }
    painter.add(mesh);
}

/// The zoom level in the corner, and a hint on an empty canvas.
fn paint_overlay(painter: &Painter, transform: &Transform, empty: bool, visuals: &Visuals) {
    let area = transform.area;
    painter.text(
        area.right_bottom() - vec2(10.0, 8.0),
        Align2::RIGHT_BOTTOM,
        format!("{:.0}%", transform.zoom * 100.0),
        FontId::proportional(12.0),
        visuals.weak_text_color(),
    );
    if empty {
        painter.text(
            area.center(),
            Align2::CENTER_CENTER,
            "Double-click, or right-click and choose \u{201c}Add step here\u{201d}, to add the first step",
            FontId::proportional(16.0),
            visuals.text_color(),
        );
    }
}
