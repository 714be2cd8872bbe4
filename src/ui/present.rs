//! Present mode (F5): for a projector in a workshop. Full screen, large type and a
//! high-contrast palette, no editing chrome: the map of the current process, the
//! proposed one or both one above the other, the headline figures large, and the
//! savings waterfall a key press away. It reads the workspace every frame, so an
//! edit made after leaving and coming back shows at once. Play animates referrals
//! over the maps (see [`super::animation`]).
//!
//! Keys: Esc or F5 leaves, W the waterfall, 1 / 2 / 3 the current, proposed or both
//! maps, Space plays and pauses, S stops, + and - change the speed. Pinned levers
//! sit under the maps, and moving one changes every figure at once.

use egui::{Color32, Frame, Key, Margin, RichText, Ui, UiBuilder};

use super::animation::{self, Playback};
use super::canvas::{self, CanvasView};
use super::charts;
use crate::app::command::{Command, Which};
use crate::app::context::{Actions, PanelCtx, Selection};
use crate::app::workspace::Workspace;
use crate::classes::saved_or_more;
use crate::model::Pathway;
use crate::numbers::{grouped, pounds};
use crate::render::figures;

/// Colours of the current and proposed processes' dots.
const DOT_COLOURS: [Color32; 2] = [
    Color32::from_rgb(0xFF, 0xB0, 0x00),
    Color32::from_rgb(0x00, 0xE5, 0xFF),
];

/// Which maps are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Maps {
    /// The current process.
    Current,
    /// The proposed (comparison) process.
    Proposed,
    /// Both, current above proposed.
    #[default]
    Both,
}

impl Maps {
    fn shown(self) -> &'static [Which] {
        match self {
            Maps::Current => &[Which::Current],
            Maps::Proposed => &[Which::Comparison],
            Maps::Both => &Which::BOTH,
        }
    }
}

/// Present mode's own state.
#[derive(Debug, Default)]
pub struct PresentView {
    /// Which maps are shown.
    pub maps: Maps,
    /// The savings waterfall is shown instead of the maps.
    pub waterfall: bool,
    /// Referrals playing over the maps, if Play was pressed.
    pub playback: Option<Playback>,
    canvases: [CanvasView; 2],
}

impl PresentView {
    /// Starts (or restarts) Play from day 0.
    pub fn play(&mut self, ws: &Workspace) {
        let pathways = Which::BOTH.map(|w| ws.doc(w).pathway());
        self.playback = Some(Playback::new(pathways));
    }

    /// Play or pause; starts Play when stopped.
    pub fn play_pause(&mut self, ws: &Workspace) {
        match &mut self.playback {
            Some(p) => p.playing = !p.playing,
            None => self.play(ws),
        }
    }

    /// Stops Play and clears the dots.
    pub fn stop(&mut self) {
        self.playback = None;
    }

    /// The zoom of the current and proposed maps as last drawn (screen points per
    /// canvas unit).
    pub fn map_zooms(&self) -> [f32; 2] {
        self.canvases.each_ref().map(|c| c.zoom)
    }

    /// True while referrals are moving.
    pub fn is_playing(&self) -> bool {
        self.playback.as_ref().is_some_and(|p| p.playing)
    }
}

/// Present mode: keys (unless a dialog over it has the `keyboard`), then the headline,
/// the maps (or waterfall) and a thin bar of controls.
pub fn present_ui(
    ui: &mut Ui,
    ws: &Workspace,
    view: &mut PresentView,
    keyboard: bool,
    actions: &mut Actions,
) {
    if keyboard {
        keys(ui, ws, view, actions);
    }
    let seconds = f64::from(ui.input(|i| i.stable_dt).min(0.1));
    if let Some(playback) = &mut view.playback {
        playback.tick(seconds);
        if playback.playing {
            ui.ctx().request_repaint();
        }
    }
    high_contrast(ui);
    let frame = Frame::new()
        .fill(Color32::BLACK)
        .inner_margin(Margin::same(16));
    egui::CentralPanel::default().frame(frame).show(ui, |ui| {
        headline_ui(ui, ws);
        ui.add_space(8.0);
        egui::Panel::bottom("present_controls").show(ui, |ui| {
            controls_ui(ui, ws, view, actions);
        });
        levers_ui(ui, ws, actions);
        if view.waterfall {
            waterfall_ui(ui, ws);
        } else {
            maps_ui(ui, ws, view);
        }
    });
}

/// Black background, white text, type sized for the back of the room.
fn high_contrast(ui: &mut Ui) {
    let style = ui.style_mut();
    let mut visuals = egui::Visuals::dark();
    visuals.panel_fill = Color32::BLACK;
    visuals.window_fill = Color32::BLACK;
    visuals.extreme_bg_color = Color32::BLACK;
    visuals.override_text_color = Some(Color32::WHITE);
    style.visuals = visuals;
    for font in style.text_styles.values_mut() {
        font.size *= 1.5;
    }
}

fn keys(ui: &Ui, ws: &Workspace, view: &mut PresentView, actions: &mut Actions) {
    let pressed = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    if pressed(Key::Escape) || pressed(Key::F5) {
        actions.command(Command::Present);
    }
    if pressed(Key::W) {
        view.waterfall = !view.waterfall;
    }
    for (key, maps) in [
        (Key::Num1, Maps::Current),
        (Key::Num2, Maps::Proposed),
        (Key::Num3, Maps::Both),
    ] {
        if pressed(key) {
            view.maps = maps;
            view.waterfall = false;
            view.canvases = Default::default();
        }
    }
    if pressed(Key::Space) {
        view.play_pause(ws);
    }
    if pressed(Key::S) {
        view.stop();
    }
    if let Some(playback) = &mut view.playback {
        if pressed(Key::Plus) || pressed(Key::Equals) {
            playback.change_speed(true);
        }
        if pressed(Key::Minus) {
            playback.change_speed(false);
        }
    }
}

/// The pinned levers of the pathway being edited, so the room can move them.
fn levers_ui(ui: &mut Ui, ws: &Workspace, actions: &mut Actions) {
    let which = ws.shown;
    let pathway = ws.doc(which).pathway();
    if pathway.levers.is_empty() {
        return;
    }
    let derived = ws.derived(which);
    let mut selection = Selection::default();
    let mut ctx = PanelCtx {
        pathway,
        problems: &derived.problems,
        report: derived.report.as_ref(),
        selection: &mut selection,
        actions,
    };
    egui::Panel::bottom("present_levers").show(ui, |ui| super::levers::levers_ui(ui, &mut ctx));
}

/// The figures a business case quotes, large: cash first, the total as economic
/// value, an organisation that spends more named.
fn headline_ui(ui: &mut Ui, ws: &Workspace) {
    let (Some(figures), Some(case)) = (ws.figures(), ws.business_case()) else {
        ui.heading("Results appear when both pathways have no errors.");
        return;
    };
    let classes = &case.classes;
    let figures: Vec<BigFigure> = figures.in_present().cloned().map(BigFigure::from).collect();
    big_figures_ui(ui, &figures);
    for line in classes
        .lines()
        .into_iter()
        .filter(|l| l.kind == crate::classes::LineKind::Organisation)
    {
        ui.label(
            RichText::new(format!(
                "{}: {} a year ({})",
                line.label,
                saved_or_more(line.amount, |v| pounds(v, 0)),
                line.note
            ))
            .size(22.0)
            .color(Color32::from_rgb(255, 200, 120)),
        );
    }
}

/// A figure shown large in Present: its caption, its value and perhaps a note below.
struct BigFigure {
    caption: String,
    value: String,
    note: Option<String>,
}

impl From<figures::Figure> for BigFigure {
    fn from(f: figures::Figure) -> Self {
        Self {
            caption: f.caption,
            value: f.value,
            note: (!f.note.is_empty()).then_some(f.note),
        }
    }
}

impl BigFigure {
    fn texts(&self) -> impl Iterator<Item = RichText> + '_ {
        let caption = RichText::new(&self.caption)
            .size(22.0)
            .color(Color32::LIGHT_GRAY);
        let value = RichText::new(&self.value)
            .size(44.0)
            .strong()
            .color(Color32::WHITE);
        let note = self
            .note
            .as_ref()
            .map(|n| RichText::new(n).size(22.0).color(Color32::LIGHT_GRAY));
        [Some(caption), Some(value), note].into_iter().flatten()
    }

    /// The width its widest line takes, unwrapped.
    fn width(&self, ui: &Ui) -> f32 {
        self.texts()
            .map(|text| {
                egui::WidgetText::from(text)
                    .into_galley(
                        ui,
                        Some(egui::TextWrapMode::Extend),
                        f32::INFINITY,
                        egui::TextStyle::Body,
                    )
                    .size()
                    .x
            })
            .fold(0.0, f32::max)
    }
}

/// The figures in rows, each at its own width, a new row when the next one would
/// not fit (a vertical block in a wrapping row is squeezed instead of moved down).
fn big_figures_ui(ui: &mut Ui, figures: &[BigFigure]) {
    const GAP: f32 = 48.0;
    let available = ui.available_width();
    let mut rows: Vec<Vec<(&BigFigure, f32)>> = Vec::new();
    let mut used = f32::INFINITY;
    for figure in figures {
        let width = figure.width(ui);
        match rows.last_mut() {
            Some(row) if used + GAP + width <= available => {
                row.push((figure, width));
                used += GAP + width;
            }
            _ => {
                rows.push(vec![(figure, width)]);
                used = width;
            }
        }
    }
    for row in rows {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = GAP;
            for (figure, width) in row {
                ui.allocate_ui_with_layout(
                    egui::vec2(width, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        for text in figure.texts() {
                            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
                        }
                    },
                );
            }
        });
    }
}

/// The savings waterfall, filling the screen, with its values on the bars.
fn waterfall_ui(ui: &mut Ui, ws: &Workspace) {
    match ws.series() {
        Some(series) => {
            let mut selection = Selection::default();
            let look = charts::WaterfallLook {
                height: (ui.available_height() - 48.0).max(charts::CHART_HEIGHT),
                values: true,
                ..charts::WaterfallLook::default()
            };
            charts::waterfall_chart_ui(ui, &series.waterfall, &mut selection, look);
        }
        None => {
            ui.heading("No waterfall: a pathway has errors.");
        }
    }
}

/// The maps, each fitted to its half of the screen: one above the other, or side
/// by side when that draws them larger; each titled, with referrals over them when
/// playing.
fn maps_ui(ui: &mut Ui, ws: &Workspace, view: &mut PresentView) {
    let shown = view.maps.shown();
    let area = ui.available_rect_before_wrap();
    let pathways: Vec<&Pathway> = shown.iter().map(|w| ws.doc(*w).pathway()).collect();
    for (k, (&which, rect)) in shown.iter().zip(halves(area, &pathways)).enumerate() {
        let mut child = ui.new_child(UiBuilder::new().max_rect(rect).id_salt(("present_map", k)));
        map_ui(&mut child, ws, view, which);
    }
    ui.advance_cursor_after_rect(area);
}

/// Height of a map's title line, in points.
const MAP_TITLE_POINTS: f32 = 40.0;

/// The rect of each map in `area`: the whole of it for one map; for two, the
/// halves (above and below, or left and right) that draw the smaller map larger.
pub fn halves(area: egui::Rect, pathways: &[&Pathway]) -> Vec<egui::Rect> {
    let gap = 12.0;
    let stacked = |k: usize| {
        let height = (area.height() - gap) / 2.0;
        egui::Rect::from_min_size(
            area.min + egui::vec2(0.0, (height + gap) * k as f32),
            egui::vec2(area.width(), height),
        )
    };
    let side_by_side = |k: usize| {
        let width = (area.width() - gap) / 2.0;
        egui::Rect::from_min_size(
            area.min + egui::vec2((width + gap) * k as f32, 0.0),
            egui::vec2(width, area.height()),
        )
    };
    match pathways {
        [_, _] => {
            let smallest = |half: &dyn Fn(usize) -> egui::Rect| {
                pathways
                    .iter()
                    .enumerate()
                    .map(|(k, p)| fitted_zoom(half(k), p))
                    .fold(f32::INFINITY, f32::min)
            };
            let half: &dyn Fn(usize) -> egui::Rect = if smallest(&side_by_side) > smallest(&stacked)
            {
                &side_by_side
            } else {
                &stacked
            };
            (0..2).map(half).collect()
        }
        _ => vec![area; pathways.len()],
    }
}

/// About the zoom at which a pathway's cards fit in `rect` below a title line.
fn fitted_zoom(rect: egui::Rect, pathway: &Pathway) -> f32 {
    let unit = CanvasView {
        pan: egui::Vec2::ZERO,
        zoom: 1.0,
        ..CanvasView::default()
    };
    let Some(bounds) = canvas::screen_cards(egui::Rect::ZERO, &unit, pathway)
        .into_iter()
        .reduce(egui::Rect::union)
    else {
        return 1.0;
    };
    // The room the canvas leaves around the start tab, the arrows and its margins.
    let size = bounds.size() + egui::vec2(80.0 + 48.0, 40.0 + 48.0);
    let room = rect.size() - egui::vec2(0.0, MAP_TITLE_POINTS);
    (room.x / size.x).min(room.y / size.y)
}

fn map_ui(ui: &mut Ui, ws: &Workspace, view: &mut PresentView, which: Which) {
    let pathway = ws.doc(which).pathway();
    let i = which.index();
    ui.horizontal(|ui| {
        let title = match which {
            Which::Current => "Current",
            Which::Comparison => "Proposed",
        };
        ui.label(
            RichText::new(format!("{title}: {}", pathway.name))
                .size(26.0)
                .strong()
                .color(DOT_COLOURS[i]),
        );
        if let Some(animation) = view
            .playback
            .as_ref()
            .and_then(|p| p.animations[i].as_ref())
        {
            ui.label(
                RichText::new(format!(
                    "{} referrals, {} ended, cost so far {}",
                    grouped(animation.started() as f64, 0),
                    grouped(animation.finished() as f64, 0),
                    pounds(animation.cost_so_far_pounds(), 0)
                ))
                .size(22.0),
            );
        }
    });
    let area = ui.available_rect_before_wrap();
    let derived = ws.derived(which);
    // The map is only shown: edits and selections made on it are dropped.
    let mut selection = Selection::default();
    let mut ignored = Actions::default();
    let mut ctx = PanelCtx {
        pathway,
        problems: &derived.problems,
        report: derived.report.as_ref(),
        selection: &mut selection,
        actions: &mut ignored,
    };
    canvas::canvas_ui(ui, &mut ctx, &mut view.canvases[i]);
    if let Some(animation) = view
        .playback
        .as_ref()
        .and_then(|p| p.animations[i].as_ref())
    {
        let cards = canvas::screen_cards(area, &view.canvases[i], pathway);
        let mut overlay = ui.new_child(UiBuilder::new().max_rect(area).id_salt(("dots", i)));
        overlay.set_clip_rect(area);
        let zoom = view.canvases[i].zoom;
        animation::animation_ui(
            &mut overlay,
            pathway,
            animation,
            &cards,
            zoom,
            DOT_COLOURS[i],
        );
    }
}

/// Play, pause, stop, the speed, the day clock, which maps, the waterfall, leave.
fn controls_ui(ui: &mut Ui, ws: &Workspace, view: &mut PresentView, actions: &mut Actions) {
    ui.horizontal(|ui| {
        let play = if view.is_playing() { "Pause" } else { "Play" };
        if ui.button(play).on_hover_text("Space").clicked() {
            view.play_pause(ws);
        }
        if ui
            .add_enabled(view.playback.is_some(), egui::Button::new("Stop"))
            .on_hover_text("S")
            .clicked()
        {
            view.stop();
        }
        if let Some(playback) = &mut view.playback {
            ui.label(format!("Day {}", grouped(playback.day().floor(), 0)));
            let label = ui.label("Days per second");
            egui::ComboBox::from_id_salt("present_speed")
                .selected_text(grouped(playback.days_per_second, 0))
                .show_ui(ui, |ui| {
                    for speed in animation::SPEEDS_DAYS_PER_SECOND {
                        ui.selectable_value(
                            &mut playback.days_per_second,
                            speed,
                            grouped(speed, 0),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
        }
        ui.separator();
        for (maps, label) in [
            (Maps::Current, "Current (1)"),
            (Maps::Proposed, "Proposed (2)"),
            (Maps::Both, "Both (3)"),
        ] {
            if ui
                .selectable_label(!view.waterfall && view.maps == maps, label)
                .clicked()
            {
                view.maps = maps;
                view.waterfall = false;
                view.canvases = Default::default();
            }
        }
        if ui
            .selectable_label(view.waterfall, "Savings waterfall (W)")
            .clicked()
        {
            view.waterfall = !view.waterfall;
        }
        ui.separator();
        if ui.button("Leave (Esc)").clicked() {
            actions.command(Command::Present);
        }
    });
}
