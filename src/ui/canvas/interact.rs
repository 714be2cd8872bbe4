//! What the pointer does on the canvas: selecting, moving and linking cards, their
//! menus, and adding steps on the empty canvas. Everything that changes the pathway
//! is queued as an [`Edit`].

use egui::{
    Button, CursorIcon, Id, PointerButton, Pos2, Rect, Response, Role, Sense, Ui, Vec2, WidgetInfo,
};

use super::transform::{Transform, canvas_point, card_size, model_pos};
use super::{
    CanvasView, CardState, Gesture, card, card_at, card_id, handle_radius, loop_visits,
    marker_centre, marker_radius,
};
use crate::app::command::Command;
use crate::app::context::PanelCtx;
use crate::edit::Edit;
use crate::layout::{CARD_WIDTH, COLUMN_PITCH};
use crate::model::{Pathway, Stage, Step};
use crate::validate::Problem;

/// Cards, their link handles and problem markers: selecting, moving, linking, menus.
/// Returns what each card looks like and how far a middle-button drag on a card pans.
pub(super) fn cards_ui(
    ui: &Ui,
    canvas: Id,
    ctx: &mut PanelCtx<'_>,
    view: &mut CanvasView,
    transform: &Transform,
    cards: &mut [Rect],
    problems: &[Vec<&Problem>],
) -> (Vec<CardState>, Vec2) {
    let mut states = vec![CardState::default(); cards.len()];
    let mut pan = Vec2::ZERO;
    let mut gesture_seen = false;
    let pathway = ctx.pathway;
    for (i, step) in pathway.steps.iter().enumerate() {
        let screen = transform.screen_rect_from_canvas(cards[i]);
        let response = ui.interact(screen, card_id(canvas, i), Sense::click_and_drag());
        let label = if step.name.trim().is_empty() {
            "Unnamed step"
        } else {
            step.name.as_str()
        };
        response.widget_info(|| WidgetInfo::labeled(Role::Button, true, label));
        gesture_seen |= move_card(ui, ctx, view, transform, cards, i, &response);
        if response.clicked() || response.secondary_clicked() {
            ctx.selection.step = Some(i);
        }
        if response.dragged_by(PointerButton::Middle) {
            pan += response.drag_delta();
        }
        if response.dragged_by(PointerButton::Primary) {
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
        } else if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Grab);
        }
        states[i].hovered = response.hovered();
        response.context_menu(|ui| card_menu_ui(ui, ctx, i));

        let (handle_active, linking) = handle_ui(ui, canvas, ctx, view, transform, cards, i);
        gesture_seen |= linking;
        states[i].handle_active = handle_active;
        if !problems[i].is_empty() {
            marker_ui(
                ui,
                canvas.with(("problems", i)),
                screen,
                transform.zoom,
                &problems[i],
            );
        }
        if !response.dragged() {
            let visits = loop_visits(ctx, i);
            response.on_hover_ui(|ui| card::tooltip_ui(ui, step, pathway, visits, &problems[i]));
        }
    }
    if view.gesture != Gesture::Idle && !gesture_seen {
        // The gesture ended out of sight (the card went away or the canvas was hidden).
        view.gesture = Gesture::Idle;
        ctx.actions.seal = true;
    }
    (states, pan)
}

/// The link handle on card `i`'s right edge. Returns whether it is under the pointer
/// or dragged, and whether this handle's link is being drawn.
fn handle_ui(
    ui: &Ui,
    canvas: Id,
    ctx: &mut PanelCtx<'_>,
    view: &mut CanvasView,
    transform: &Transform,
    cards: &[Rect],
    i: usize,
) -> (bool, bool) {
    let centre = transform.screen_rect_from_canvas(cards[i]).right_center();
    let size = Vec2::splat(2.0 * handle_radius(transform.zoom) + 6.0);
    let handle = ui.interact(
        Rect::from_center_size(centre, size),
        canvas.with(("handle", i)),
        Sense::drag(),
    );
    let name = &ctx.pathway.steps[i].name;
    handle.widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Link from {name}")));
    let linking = draw_link(ui, ctx, view, transform, cards, i, &handle);
    let active = handle.hovered() || handle.dragged();
    if active {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }
    (active, linking)
}

/// The problem marker on a card's corner, which lists the step's problems on hover.
fn marker_ui(ui: &Ui, id: Id, card: Rect, zoom: f32, problems: &[&Problem]) {
    let size = Vec2::splat(2.0 * marker_radius(zoom));
    let marker = Rect::from_center_size(marker_centre(card, zoom), size);
    ui.interact(marker, id, Sense::hover()).on_hover_ui(|ui| {
        for problem in problems {
            ui.colored_label(card::severity_colour(problem.severity), &problem.message);
        }
    });
}

/// Moves card `i` while it is dragged; returns true while it is the card being moved.
fn move_card(
    ui: &Ui,
    ctx: &mut PanelCtx<'_>,
    view: &mut CanvasView,
    transform: &Transform,
    cards: &mut [Rect],
    i: usize,
    response: &Response,
) -> bool {
    if response.drag_started_by(PointerButton::Primary)
        && let Some(origin) = ui.input(|input| input.pointer.press_origin())
    {
        let grab = transform.canvas_from_screen(origin) - cards[i].min;
        view.gesture = Gesture::MoveCard { step: i, grab };
        ctx.selection.step = Some(i);
    }
    let Gesture::MoveCard { step, grab } = view.gesture else {
        return false;
    };
    if step != i {
        return false;
    }
    let stopped = response.drag_stopped();
    if (response.dragged_by(PointerButton::Primary) || stopped)
        && let Some(pointer) = ui.input(|input| input.pointer.interact_pos())
    {
        let pos = model_pos(transform.canvas_from_screen(pointer) - grab);
        cards[i] = Rect::from_min_size(canvas_point(pos), card_size());
        if ctx.pathway.steps[i].pos != Some(pos) {
            ctx.actions.edit(Edit::MoveSteps(vec![(i, pos)]));
        }
    }
    if stopped {
        ctx.actions.seal = true;
        view.gesture = Gesture::Idle;
    }
    response.dragged() || stopped
}

/// Drags a new link out of step `i`'s handle and links it to the card it is dropped
/// on; returns true while this handle's link is being drawn.
fn draw_link(
    ui: &Ui,
    ctx: &mut PanelCtx<'_>,
    view: &mut CanvasView,
    transform: &Transform,
    cards: &[Rect],
    i: usize,
    handle: &Response,
) -> bool {
    let pointer = ui.input(|input| input.pointer.interact_pos());
    if handle.drag_started()
        && let Some(pointer) = pointer
    {
        view.gesture = Gesture::Link { from: i, pointer };
    }
    let Gesture::Link { from, .. } = view.gesture else {
        return false;
    };
    if from != i {
        return false;
    }
    if let Some(pointer) = pointer {
        view.gesture = Gesture::Link { from, pointer };
    }
    if handle.drag_stopped() {
        if let Gesture::Link { pointer, .. } = view.gesture
            && let Some(to) = card_at(cards, transform.canvas_from_screen(pointer), from)
        {
            ctx.actions.edit(Edit::AddLink { from, to });
            ctx.actions.seal = true;
        }
        view.gesture = Gesture::Idle;
    }
    handle.dragged() || handle.drag_stopped()
}

/// The right-click menu of a card.
fn card_menu_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, i: usize) {
    let pathway = ctx.pathway;
    let Some(step) = pathway.steps.get(i) else {
        return;
    };
    let mut edit = None;
    if ui.button("Delete step").clicked() {
        edit = Some(Edit::RemoveSteps(vec![i]));
    }
    if ui.button("Duplicate step").clicked() {
        edit = Some(Edit::DuplicateSteps(vec![i]));
    }
    if ui
        .add_enabled(i != 0, Button::new("Make this the first step"))
        .clicked()
    {
        edit = Some(Edit::MakeFirst(i));
    }
    let sum: f64 = step.next.iter().map(|l| l.share).sum();
    let balanced = step.next.is_empty() || (sum - 1.0).abs() < 1e-9;
    if ui
        .add_enabled(!balanced, Button::new("Make shares add up to 100%"))
        .clicked()
    {
        edit = Some(Edit::BalanceShares(i));
    }
    if !step.next.is_empty() {
        ui.separator();
    }
    for (link, target) in step.next.iter().enumerate() {
        let name = pathway
            .step_index(&target.to)
            .map_or(target.to.as_str(), |j| pathway.steps[j].name.as_str());
        if ui.button(format!("Remove link to {name}")).clicked() {
            edit = Some(Edit::RemoveLink { from: i, link });
        }
    }
    if let Some(edit) = edit {
        ctx.actions.edit(edit);
        ctx.actions.seal = true;
        ui.close();
    }
}

/// Clicks, double-clicks and the context menu on the empty canvas.
pub(super) fn background_ui(
    ui: &Ui,
    background: &Response,
    ctx: &mut PanelCtx<'_>,
    view: &mut CanvasView,
    transform: &Transform,
    cards: &[Rect],
) {
    let pointer = background
        .interact_pointer_pos()
        .map(|p| transform.canvas_from_screen(p));
    if background.clicked() {
        ctx.selection.step = None;
    }
    if background.double_clicked()
        && let Some(point) = pointer
    {
        add_step_at(ctx, cards, point);
    }
    if background.secondary_clicked() {
        view.menu_pos = pointer.map(model_pos);
    }
    background.context_menu(|ui| {
        if ui.button("Add step here").clicked() {
            let point = view.menu_pos.map_or(
                transform.canvas_from_screen(transform.area.center()),
                canvas_point,
            );
            add_step_at(ctx, cards, point);
            ui.close();
        }
        ui.separator();
        for command in [Command::FitView, Command::TidyLayout] {
            if ui.button(command.label()).clicked() {
                ctx.actions.command(command);
                ui.close();
            }
        }
        ui.separator();
        let rect = transform.area;
        if ui.button("Save the map as PNG…").clicked() {
            let name = crate::app::files::suggested_file_name(ctx.pathway);
            ctx.actions.command(Command::SavePicture {
                file_name: name.replace(".ron", "-map.png"),
                rect,
            });
            ui.close();
        }
        if ui.button("Copy the map as an image").clicked() {
            ctx.actions.command(Command::CopyPicture(rect));
            ui.close();
        }
    });
    if background.dragged() {
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
    }
}

/// Queues a new step centred on a canvas point, in the stage of the column it is in.
fn add_step_at(ctx: &mut PanelCtx<'_>, cards: &[Rect], point: Pos2) {
    let stage = column_stage(ctx.pathway, cards, point).unwrap_or(Stage::Other);
    let mut step = Step::new("new_step", "New step", stage);
    step.pos = Some(model_pos(point - card_size() / 2.0));
    ctx.actions.edit(Edit::AddStep(step));
    ctx.actions.seal = true;
}

/// The stage of the nearest card in the column around a canvas point.
fn column_stage(pathway: &Pathway, cards: &[Rect], point: Pos2) -> Option<Stage> {
    let reach = ((COLUMN_PITCH - CARD_WIDTH) / 2.0) as f32;
    cards
        .iter()
        .zip(&pathway.steps)
        .filter(|(r, _)| point.x >= r.min.x - reach && point.x <= r.max.x + reach)
        .min_by(|(a, _), (b, _)| {
            (a.center().y - point.y)
                .abs()
                .total_cmp(&(b.center().y - point.y).abs())
        })
        .map(|(_, step)| step.stage)
}
