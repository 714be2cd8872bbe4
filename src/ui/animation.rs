//! Play: referrals drawn as dots over the process map, from [`crate::animate`].
//! Dots waiting at a step pile up under its card (hover a pile for its count);
//! dots travelling a link glide from card to card; end steps show how many
//! referrals ended there. Nothing here asks for a repaint unless playing.

use egui::{Color32, Mesh, Pos2, Rect, Sense, Ui, vec2};

use crate::animate::{Animation, Place};
use crate::model::Pathway;

/// Rows of dots shown in one pile at most; the rest are counted.
const PILE_ROWS: usize = 4;
/// Seed of Play, so every replay shows the same referrals.
pub const SEED: u64 = 2026;

/// Speeds offered, in days per second.
pub const SPEEDS_DAYS_PER_SECOND: [f64; 6] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0];

/// Both pathways' referrals, the clock and the speed.
#[derive(Clone, Debug)]
pub struct Playback {
    /// Current first; `None` for a pathway with errors.
    pub animations: [Option<Animation>; 2],
    /// Time is moving.
    pub playing: bool,
    /// Days of the model per second of the room's time.
    pub days_per_second: f64,
}

impl Playback {
    /// Referrals for both pathways, arriving at the current's annual rate.
    pub fn new(pathways: [&Pathway; 2]) -> Self {
        let per_day = pathways[0].annual_referrals / 365.0;
        Self {
            animations: pathways.map(|p| Animation::new(p, SEED, per_day).ok()),
            playing: true,
            days_per_second: 5.0,
        }
    }

    /// Moves both on by `seconds` of the room's time, when playing.
    pub fn tick(&mut self, seconds: f64) {
        if !self.playing {
            return;
        }
        for animation in self.animations.iter_mut().flatten() {
            animation.advance(seconds * self.days_per_second);
        }
    }

    /// Days since Play.
    pub fn day(&self) -> f64 {
        self.animations
            .iter()
            .flatten()
            .map(Animation::now_days)
            .fold(0.0, f64::max)
    }

    /// One speed step faster (or slower).
    pub fn change_speed(&mut self, faster: bool) {
        let i = SPEEDS_DAYS_PER_SECOND
            .iter()
            .position(|&s| s >= self.days_per_second)
            .unwrap_or(SPEEDS_DAYS_PER_SECOND.len() - 1);
        let j = if faster {
            (i + 1).min(SPEEDS_DAYS_PER_SECOND.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.days_per_second = SPEEDS_DAYS_PER_SECOND[j];
    }
}

/// Dots in a row of a pile at least: smaller dots where a card is too narrow.
const PILE_MIN_ROW: f32 = 4.0;

/// The size of a dot in points at `zoom`, small enough for a row of
/// [`PILE_MIN_ROW`] to fit under a card `card_width` wide.
pub fn dot_size(zoom: f32, card_width: f32) -> f32 {
    (12.0 * zoom)
        .clamp(3.0, 8.0)
        .min(card_width / (PILE_MIN_ROW * 1.4))
        .max(1.0)
}

/// Where each dot goes on screen: in a pile under its step's card, no wider than
/// the card (so it stays in the card's column), or along the way between two
/// cards. Also the piles, as (area, count, step), for hovering.
pub fn dot_positions(
    animation: &Animation,
    cards: &[Rect],
    dot_points: f32,
) -> (Vec<Pos2>, Vec<(Rect, u32, usize)>) {
    let mut in_pile = vec![0usize; cards.len()];
    let mut positions = Vec::with_capacity(animation.dots().len());
    let gap = dot_points * 1.4;
    // As many dots in a row as fit under a card, and no more.
    let row = cards
        .first()
        .map_or(10, |c| ((c.width() / gap) as usize).max(1));
    let shown = row * PILE_ROWS;
    for dot in animation.dots() {
        match animation.place(dot) {
            Place::At(step) => {
                let Some(card) = cards.get(step) else {
                    continue;
                };
                let k = in_pile[step];
                in_pile[step] += 1;
                if k < shown {
                    let (r, c) = ((k / row) as f32, (k % row) as f32);
                    let start = card.left_bottom() + vec2(gap * 0.5, gap * 0.7);
                    positions.push(start + vec2(c * gap, r * gap));
                }
            }
            Place::Along { from, to, progress } => {
                if let (Some(a), Some(b)) = (cards.get(from), cards.get(to)) {
                    positions.push(a.center().lerp(b.center(), progress));
                }
            }
        }
    }
    let piles = in_pile
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(step, &n)| {
            let rows = n.min(shown).div_ceil(row) as f32;
            let card = cards[step];
            let area = Rect::from_min_size(
                card.left_bottom(),
                vec2(gap * row as f32, gap * (rows + 0.4)),
            );
            (area, n as u32, step)
        })
        .collect();
    (positions, piles)
}

/// The dots as one mesh of small diamonds, cheap to draw in their thousands.
pub fn dots_mesh(positions: &[Pos2], dot_points: f32, colour: Color32) -> Mesh {
    let mut mesh = Mesh::default();
    mesh.reserve_triangles(positions.len() * 2);
    mesh.reserve_vertices(positions.len() * 4);
    let r = dot_points * 0.5;
    for p in positions {
        let base = mesh.vertices.len() as u32;
        for corner in [vec2(0.0, -r), vec2(r, 0.0), vec2(0.0, r), vec2(-r, 0.0)] {
            mesh.colored_vertex(*p + corner, colour);
        }
        mesh.add_triangle(base, base + 1, base + 2);
        mesh.add_triangle(base, base + 2, base + 3);
    }
    mesh
}

/// Draws one pathway's referrals over its map, the counters at its end steps, and
/// a tooltip with the count of a hovered pile.
pub fn animation_ui(
    ui: &mut Ui,
    pathway: &Pathway,
    animation: &Animation,
    cards: &[Rect],
    zoom: f32,
    colour: Color32,
) {
    let card_width = cards.first().map_or(f32::INFINITY, Rect::width);
    let dot_points = dot_size(zoom, card_width);
    let (positions, piles) = dot_positions(animation, cards, dot_points);
    let painter = ui.painter().clone();
    painter.add(dots_mesh(&positions, dot_points, colour));
    let font = egui::FontId::proportional((28.0 * zoom).clamp(11.0, 18.0));
    for (area, count, step) in piles {
        let id = ui.make_persistent_id(("pile", step));
        let response = ui.interact(area, id, Sense::hover());
        let rows_shown = (area.height() / (dot_points * 1.4)).floor() as usize;
        let per_row = (area.width() / (dot_points * 1.4)).round() as usize;
        let shown = rows_shown * per_row;
        if count as usize > shown && shown > 0 {
            // Under the pile, in the card's column.
            painter.text(
                area.left_bottom(),
                egui::Align2::LEFT_TOP,
                format!("+{}", count as usize - shown),
                font.clone(),
                colour,
            );
        }
        let name = &pathway.steps[step].name;
        response.on_hover_text(format!("{count} referrals waiting at {name}"));
    }
    for (step, &n) in animation.ended().iter().enumerate() {
        if pathway.steps[step].is_end()
            && let Some(card) = cards.get(step)
        {
            painter.text(
                card.center_bottom() + vec2(0.0, 2.0),
                egui::Align2::CENTER_TOP,
                format!("{n} ended"),
                font.clone(),
                colour,
            );
        }
    }
}
