//! The process map: step cards on a pannable, zoomable canvas with links as arrows.

use super::context::PanelCtx;
use crate::model::CanvasPos;

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
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            pan: egui::vec2(40.0, 40.0),
            zoom: 1.0,
            fit_pending: true,
            focus: None,
            visible_centre: CanvasPos { x: 200.0, y: 150.0 },
        }
    }
}

/// Draws the canvas and queues the edits the user makes on it.
pub fn canvas_ui(ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>, view: &mut CanvasView) {
    let _ = (ctx, view);
    ui.label("Process map");
}
