//! The process map: step cards on a pannable, zoomable canvas with links as arrows.
//!
//! The canvas reads the pathway and never changes it: moving a card, adding a step or
//! drawing a link queues an [`Edit`](crate::edit::Edit) for the app to apply after the
//! panels ran, and a drag released seals the gesture so that the whole drag is one
//! undo step.
//!
//! Two spaces meet here (see `transform`): canvas units, which the model stores in
//! each step's `pos`, and screen points. Links are routed in canvas space (`route`);
//! the pointer is handled in `interact` and everything is drawn on screen in `paint`,
//! `card` and `links`.

mod card;
mod interact;
mod links;
mod paint;
mod route;
mod transform;

use std::hash::{Hash as _, Hasher as _};
use std::sync::Arc;

use egui::{Id, PointerButton, Pos2, Rect, Response, Role, Sense, Ui, Vec2, WidgetInfo, vec2};

use crate::app::context::PanelCtx;
use crate::layout;
use crate::model::{CanvasPos, Pathway};
use crate::validate::{Problem, Subject};

use route::Route;
use transform::{Transform, canvas_point, card_size, model_pos};

/// The canvas's accessible name.
pub const CANVAS_LABEL: &str = "Process map";

/// Pan and zoom of one pathway's canvas, and requests for the next frame.
#[derive(Clone, Debug)]
pub struct CanvasView {
    /// Screen offset (points) of the canvas origin from the top-left of the canvas area.
    pub pan: egui::Vec2,
    /// Screen points per canvas unit.
    pub zoom: f32,
    /// Fit the whole pathway into the area on the next frame.
    pub fit_pending: bool,
    /// Bring this step into view on the next frame.
    pub focus: Option<usize>,
    /// The canvas point at the centre of the visible area (updated every frame);
    /// new steps from the toolbar go here.
    pub visible_centre: CanvasPos,
    /// The pointer gesture in progress (moving a card, drawing a link), kept between frames.
    pub gesture: Gesture,
    /// Where the canvas's context menu was opened, for "Add step here".
    pub menu_pos: Option<CanvasPos>,
    /// The size of the canvas area (points) when the view was fitted, until the user
    /// pans or zooms: while it is set, a change of size (the window or a panel resized)
    /// fits the view again.
    pub fitted_size: Option<egui::Vec2>,
    /// Steps marked as changed while *What changed* is open.
    pub changed_steps: Vec<usize>,
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            pan: egui::vec2(40.0, 40.0),
            zoom: 1.0,
            fit_pending: true,
            focus: None,
            visible_centre: CanvasPos { x: 200.0, y: 150.0 },
            gesture: Gesture::Idle,
            menu_pos: None,
            fitted_size: None,
            changed_steps: Vec::new(),
        }
    }
}

/// A pointer gesture on the canvas that lasts several frames.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Gesture {
    /// Nothing in progress.
    #[default]
    Idle,
    /// A card being moved.
    MoveCard {
        /// Step index.
        step: usize,
        /// Where the pointer holds the card, from its top-left corner, in canvas units.
        grab: Vec2,
    },
    /// A new link being dragged out of a card's handle.
    Link {
        /// Source step index.
        from: usize,
        /// The pointer, in screen points.
        pointer: Pos2,
    },
}

/// Everything one frame draws, worked out by the interaction pass.
struct Scene<'p> {
    transform: Transform,
    /// Card rectangles in canvas space, by step index.
    cards: Vec<Rect>,
    routes: Arc<Vec<Route>>,
    states: Vec<CardState>,
    problems: Vec<Vec<&'p Problem>>,
}

/// What the interaction pass learnt about one card, for drawing it.
#[derive(Clone, Copy, Default)]
struct CardState {
    hovered: bool,
    handle_active: bool,
}

/// Draws the canvas and queues the edits the user makes on it.
pub fn canvas_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, view: &mut CanvasView) {
    let area = ui.available_rect_before_wrap();
    let id = ui.make_persistent_id("process_map");
    let background = ui.interact(area, id, Sense::click_and_drag());
    ui.advance_cursor_after_rect(area);
    background.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, CANVAS_LABEL));

    let mut transform = Transform {
        area,
        pan: view.pan,
        zoom: view.zoom,
    };
    let mut cards = card_rects(ctx.pathway);
    view_requests(ui, id, view, &mut transform, ctx.pathway, &cards);
    let problems = problems_by_step(ctx.problems, cards.len());
    let (states, card_pan) =
        interact::cards_ui(ui, id, ctx, view, &transform, &mut cards, &problems);
    interact::background_ui(ui, &background, ctx, view, &transform, &cards);
    if pan_and_zoom(ui, &background, &mut transform, card_pan) {
        // The user has taken charge of the view: stop keeping it fitted.
        view.fitted_size = None;
    }

    let routes = cached_routes(ui, id, ctx.pathway, &cards);
    let scene = Scene {
        transform,
        cards,
        routes,
        states,
        problems,
    };
    paint::paint(ui, ctx, view, &scene);
    view.pan = transform.pan;
    view.zoom = transform.zoom;
    view.visible_centre = model_pos(transform.canvas_from_screen(area.center()));
}

/// Each card's rectangle in canvas space: its saved position, or a tidy one if it has none.
fn card_rects(pathway: &Pathway) -> Vec<Rect> {
    layout::positions(pathway)
        .into_iter()
        .map(|pos| Rect::from_min_size(canvas_point(pos), card_size()))
        .collect()
}

/// Fits the pathway or brings a step into view when the app asked for it.
fn view_requests(
    ui: &Ui,
    canvas: Id,
    view: &mut CanvasView,
    transform: &mut Transform,
    pathway: &Pathway,
    cards: &[Rect],
) {
    let size = transform.area.size();
    if view.fitted_size.is_some_and(|fitted| fitted != size) {
        view.fit_pending = true;
    }
    if view.fit_pending && size.x > 50.0 && size.y > 50.0 {
        let routes = cached_routes(ui, canvas, pathway, cards);
        let bounds = cards
            .iter()
            .copied()
            .chain(
                routes
                    .iter()
                    .flat_map(|r| r.points(8))
                    .map(|p| Rect::from_center_size(p, Vec2::splat(20.0))),
            )
            .reduce(Rect::union);
        match bounds {
            // Room for the start tab and the arrow in from the left.
            Some(bounds) => transform.fit(bounds.expand2(vec2(40.0, 20.0))),
            None => {
                transform.zoom = 1.0;
                transform.pan = vec2(40.0, 40.0);
            }
        }
        view.fit_pending = false;
        view.fitted_size = Some(size);
    }
    if let Some(step) = view.focus.take()
        && let Some(card) = cards.get(step)
    {
        transform.centre_on(card.center());
        view.fitted_size = None;
    }
}

/// The routed links, computed again only when a card moved or a link changed.
fn cached_routes(ui: &Ui, canvas: Id, pathway: &Pathway, cards: &[Rect]) -> Arc<Vec<Route>> {
    let key = {
        let mut hasher = std::hash::DefaultHasher::new();
        for card in cards {
            card.min.x.to_bits().hash(&mut hasher);
            card.min.y.to_bits().hash(&mut hasher);
        }
        for step in &pathway.steps {
            step.id.hash(&mut hasher);
            for link in &step.next {
                link.to.hash(&mut hasher);
                link.share.to_bits().hash(&mut hasher);
            }
        }
        hasher.finish()
    };
    let cache = canvas.with("routes");
    let cached = ui.data(|d| d.get_temp::<(u64, Arc<Vec<Route>>)>(cache));
    if let Some((cached_key, routes)) = cached
        && cached_key == key
    {
        return routes;
    }
    let routes = Arc::new(route::route_links(pathway, cards));
    ui.data_mut(|d| d.insert_temp(cache, (key, Arc::clone(&routes))));
    routes
}

fn problems_by_step(problems: &[Problem], steps: usize) -> Vec<Vec<&Problem>> {
    let mut by_step = vec![Vec::new(); steps];
    for problem in problems {
        if let Subject::Step(i) = problem.subject
            && let Some(list) = by_step.get_mut(i)
        {
            list.push(problem);
        }
    }
    by_step
}

fn card_id(canvas: Id, step: usize) -> Id {
    canvas.with(("card", step))
}

fn handle_radius(zoom: f32) -> f32 {
    (6.5 * zoom).clamp(5.0, 11.0)
}

fn marker_radius(zoom: f32) -> f32 {
    (9.0 * zoom).clamp(7.0, 14.0)
}

/// Where a card's problem marker sits: on its top-right corner.
fn marker_centre(card: Rect, zoom: f32) -> Pos2 {
    card.right_top() + vec2(-0.3, 0.3) * marker_radius(zoom)
}

/// The topmost card under a canvas point, other than `except`.
fn card_at(cards: &[Rect], point: Pos2, except: usize) -> Option<usize> {
    (0..cards.len())
        .rev()
        .find(|&j| j != except && cards[j].contains(point))
}

/// Expected passes per referral through step `i`, when it is more than one (a loop).
fn loop_visits(ctx: &PanelCtx<'_>, i: usize) -> Option<f64> {
    let result = ctx.report?.steps.get(i)?;
    (result.id == ctx.pathway.steps[i].id && result.visits > 1.0005).then_some(result.visits)
}

/// Pans by dragging the background (or the middle button anywhere) and by scrolling;
/// zooms about the pointer with Ctrl+scroll or a pinch. Returns true if the view moved.
fn pan_and_zoom(ui: &Ui, background: &Response, transform: &mut Transform, card_pan: Vec2) -> bool {
    let before = (transform.pan, transform.zoom);
    let mut pan = card_pan;
    if background.dragged_by(PointerButton::Primary) || background.dragged_by(PointerButton::Middle)
    {
        pan += background.drag_delta();
    }
    if ui.rect_contains_pointer(transform.area) {
        let (zoom, scroll, hover) =
            ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
        if zoom != 1.0
            && let Some(anchor) = hover
        {
            transform.zoom_about(anchor, zoom);
        }
        if scroll != Vec2::ZERO {
            pan += scroll;
            ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
        }
    }
    transform.pan += pan;
    before != (transform.pan, transform.zoom)
}

/// Each step's card on screen for a canvas drawn in `area` with `view` (as
/// [`canvas_ui`] left it), for what is drawn over the map (the referral animation).
pub fn screen_cards(area: Rect, view: &CanvasView, pathway: &Pathway) -> Vec<Rect> {
    let transform = Transform {
        area,
        pan: view.pan,
        zoom: view.zoom,
    };
    card_rects(pathway)
        .into_iter()
        .map(|card| transform.screen_rect_from_canvas(card))
        .collect()
}
