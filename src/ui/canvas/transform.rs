//! The two spaces of the canvas and the map between them. Canvas space is the model's
//! [`CanvasPos`] in canvas units (as `f32` points here); screen space is egui points.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use crate::layout::{CARD_HEIGHT, CARD_WIDTH};
use crate::model::CanvasPos;

/// The smallest zoom (screen points per canvas unit).
pub(super) const MIN_ZOOM: f32 = 0.1;
/// The largest zoom.
pub(super) const MAX_ZOOM: f32 = 3.0;
/// Fitting never zooms in further than this, so a small pathway is not blown up.
const MAX_FIT_ZOOM: f32 = 1.25;
/// Room left around the pathway when fitting, in screen points.
const FIT_MARGIN_POINTS: f32 = 24.0;

/// The size of a card in canvas units.
pub(super) fn card_size() -> Vec2 {
    vec2(CARD_WIDTH as f32, CARD_HEIGHT as f32)
}

/// A model position as a canvas-space point.
pub(super) fn canvas_point(pos: CanvasPos) -> Pos2 {
    pos2(pos.x as f32, pos.y as f32)
}

/// A canvas-space point as a model position, rounded to whole canvas units so saved
/// files stay tidy.
pub(super) fn model_pos(point: Pos2) -> CanvasPos {
    CanvasPos {
        x: f64::from(point.x.round()),
        y: f64::from(point.y.round()),
    }
}

/// Pan and zoom for one frame: `screen = area.min + pan + canvas × zoom`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Transform {
    /// The canvas area on screen.
    pub area: Rect,
    /// Screen offset of the canvas origin from the area's top-left corner.
    pub pan: Vec2,
    /// Screen points per canvas unit.
    pub zoom: f32,
}

impl Transform {
    /// Where a canvas point is on screen.
    pub fn screen_from_canvas(&self, canvas: Pos2) -> Pos2 {
        self.area.min + self.pan + canvas.to_vec2() * self.zoom
    }

    /// Which canvas point is under a screen point.
    pub fn canvas_from_screen(&self, screen: Pos2) -> Pos2 {
        ((screen - self.area.min - self.pan) / self.zoom).to_pos2()
    }

    /// A canvas rectangle on screen.
    pub fn screen_rect_from_canvas(&self, canvas: Rect) -> Rect {
        Rect::from_min_max(
            self.screen_from_canvas(canvas.min),
            self.screen_from_canvas(canvas.max),
        )
    }

    /// A length in canvas units as screen points.
    pub fn points(&self, canvas_units: f32) -> f32 {
        canvas_units * self.zoom
    }

    /// Zooms by `factor`, keeping the canvas point under `screen_anchor` where it is.
    pub fn zoom_about(&mut self, screen_anchor: Pos2, factor: f32) {
        let anchor = self.canvas_from_screen(screen_anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.pan = screen_anchor - self.area.min - anchor.to_vec2() * self.zoom;
    }

    /// Puts a canvas point at the centre of the area.
    pub fn centre_on(&mut self, canvas: Pos2) {
        self.pan = self.area.size() / 2.0 - canvas.to_vec2() * self.zoom;
    }

    /// Zooms and pans so that `bounds` (canvas space) fills the area.
    pub fn fit(&mut self, bounds: Rect) {
        let room = (self.area.size() - Vec2::splat(2.0 * FIT_MARGIN_POINTS)).max(Vec2::splat(1.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        self.zoom = (room.x / size.x)
            .min(room.y / size.y)
            .clamp(MIN_ZOOM, MAX_FIT_ZOOM);
        self.centre_on(bounds.center());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transform() -> Transform {
        Transform {
            area: Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0)),
            pan: vec2(40.0, 30.0),
            zoom: 2.0,
        }
    }

    #[test]
    fn screen_and_canvas_are_inverse() {
        let t = transform();
        let canvas = pos2(12.5, -7.0);
        let screen = t.screen_from_canvas(canvas);
        assert_eq!(screen, pos2(100.0 + 40.0 + 25.0, 50.0 + 30.0 - 14.0));
        assert!((t.canvas_from_screen(screen) - canvas).length() < 1e-4);
    }

    #[test]
    fn zoom_keeps_the_anchor_still() {
        let mut t = transform();
        let anchor = pos2(400.0, 300.0);
        let before = t.canvas_from_screen(anchor);
        t.zoom_about(anchor, 1.5);
        assert!((t.zoom - 3.0).abs() < 1e-6);
        assert!((t.canvas_from_screen(anchor) - before).length() < 1e-3);
    }

    #[test]
    fn fit_centres_the_bounds_and_caps_the_zoom() {
        let mut t = transform();
        t.fit(Rect::from_min_size(pos2(0.0, 0.0), vec2(1504.0, 200.0)));
        assert!((t.zoom - 0.5).abs() < 1e-6);
        let centre = t.screen_from_canvas(pos2(752.0, 100.0));
        assert!((centre - t.area.center()).length() < 1e-3);
        t.fit(Rect::from_min_size(pos2(0.0, 0.0), vec2(10.0, 10.0)));
        assert!((t.zoom - MAX_FIT_ZOOM).abs() < 1e-6);
    }
}
