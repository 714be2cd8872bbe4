//! Where the arrows between cards run, in canvas space. A link to a card further right
//! is a smooth curve from the right edge of one card to the left edge of the other.
//! A link to a card at or left of its source, or a link whose curve would cross
//! another card, runs in a lane below or above the cards it passes, with rounded
//! corners. Only links that close a cycle (rebooking, a DNA) are loops, whichever
//! way they run. Each share label sits on its own link, clear of other links.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use crate::model::Pathway;

/// More cards than this and forward curves are not checked for crossing cards.
const MAX_CARDS_TO_AVOID: usize = 1000;
/// Clearance kept between a lane and the cards it passes, in canvas units.
const LANE_CLEARANCE: f32 = 18.0;
/// Distance between two lanes that run side by side.
const LANE_PITCH: f32 = 14.0;
/// Radius of a lane's corners.
const CORNER_RADIUS: f32 = 14.0;
/// Cards closer than this horizontally are joined top to bottom instead.
const MIN_HORIZONTAL_GAP: f32 = 24.0;

/// The shape of one link's arrow.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Path {
    /// A cubic Bézier curve: start, two control points, end.
    Curve([Pos2; 4]),
    /// A polyline with its corners already rounded.
    Lane(Vec<Pos2>),
}

/// One link, routed.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Route {
    /// Source step index.
    pub from: usize,
    /// Target step index.
    pub to: usize,
    /// Share of referrals taking the link, 0 to 1.
    pub share: f64,
    /// True for a link that closes a cycle (a loop: rebooking, a DNA).
    pub back: bool,
    /// True when the share is worth a label (a branch, or a share that is not 100%).
    pub labelled: bool,
    /// The arrow's path, ending at the arrow's tip.
    pub path: Path,
    /// Where the share label goes.
    pub label_at: Pos2,
}

impl Route {
    /// Points along the path, a curve cut into `segments` straight pieces.
    pub fn points(&self, segments: usize) -> Vec<Pos2> {
        match &self.path {
            Path::Curve(c) => (0..=segments)
                .map(|k| cubic(c, k as f32 / segments as f32))
                .collect(),
            Path::Lane(points) => points.clone(),
        }
    }

    /// The direction the arrow points at its tip (unit length).
    pub fn end_direction(&self) -> Vec2 {
        let (a, b) = match &self.path {
            Path::Curve(c) => (cubic(c, 0.95), c[3]),
            Path::Lane(p) => match p.as_slice() {
                [.., a, b] => (*a, *b),
                _ => (Pos2::ZERO, pos2(1.0, 0.0)),
            },
        };
        (b - a).normalized()
    }
}

/// A point on a cubic Bézier curve.
pub(super) fn cubic(c: &[Pos2; 4], t: f32) -> Pos2 {
    let h = 1.0 - t;
    (c[0].to_vec2() * (h * h * h)
        + c[1].to_vec2() * (3.0 * h * h * t)
        + c[2].to_vec2() * (3.0 * h * t * t)
        + c[3].to_vec2() * (t * t * t))
        .to_pos2()
}

/// Routes every link whose target exists. `cards` are the card rectangles in canvas
/// space, by step index.
pub(super) fn route_links(pathway: &Pathway, cards: &[Rect]) -> Vec<Route> {
    let closing = crate::layout::closing_links(pathway);
    let mut routes = Vec::new();
    let mut laned = Vec::new();
    for (from, step) in pathway.steps.iter().enumerate() {
        let branches = step.next.len();
        for link in &step.next {
            let Some(to) = pathway.step_index(&link.to) else {
                continue;
            };
            let (Some(&src), Some(&dst)) = (cards.get(from), cards.get(to)) else {
                continue;
            };
            let labelled = branches > 1 || (link.share - 1.0).abs() > 1e-9;
            let back = closing.contains(&(from, to));
            let direct = (!runs_back(src, dst))
                .then(|| direct_curve(src, dst))
                .filter(|curve| !crosses_other_cards(curve, cards, from, to));
            let route = |path: Path, label_at| Route {
                from,
                to,
                share: link.share,
                back,
                labelled,
                path,
                label_at,
            };
            match direct {
                Some(curve) => routes.push(route(Path::Curve(curve), cubic(&curve, 0.5))),
                None => laned.push((from, to, route(Path::Lane(Vec::new()), Pos2::ZERO))),
            }
        }
    }
    // Short loops first, so they take the lanes nearest the cards and longer ones go round them.
    laned.sort_by(|a, b| span(cards, a.0, a.1).total_cmp(&span(cards, b.0, b.1)));
    let mut lanes = Lanes::default();
    for (from, to, mut route) in laned {
        let (points, label_at) = lane_path(cards[from], cards[to], cards, &mut lanes);
        route.path = Path::Lane(points);
        route.label_at = label_at;
        routes.push(route);
    }
    place_labels(&mut routes);
    routes
}

/// Size of a share label in canvas units, for keeping labels apart.
const LABEL_SIZE: Vec2 = vec2(46.0, 20.0);
/// More links than this and labels stay at their links' middles.
const MAX_LINKS_TO_SPREAD: usize = 400;

/// Moves each share label along its own link until it is clear of other links and
/// other labels (it stays at the middle when no place along the link is clear).
fn place_labels(routes: &mut [Route]) {
    if routes.len() > MAX_LINKS_TO_SPREAD {
        return;
    }
    let samples: Vec<Vec<Pos2>> = routes.iter().map(|r| along(r, 24)).collect();
    let mut placed: Vec<Rect> = Vec::new();
    for i in 0..routes.len() {
        if !routes[i].labelled {
            continue;
        }
        let own = &samples[i];
        let candidates = [12, 8, 16, 6, 18, 10, 14, 4, 20].map(|k| own[k]);
        let clear = |at: Pos2| {
            let rect = Rect::from_center_size(at, LABEL_SIZE);
            let other_link = samples
                .iter()
                .enumerate()
                .any(|(j, points)| j != i && points.iter().any(|p| rect.contains(*p)));
            !other_link && !placed.iter().any(|r| r.intersects(rect))
        };
        let at = candidates
            .into_iter()
            .find(|at| clear(*at))
            .unwrap_or(routes[i].label_at);
        routes[i].label_at = at;
        placed.push(Rect::from_center_size(at, LABEL_SIZE));
    }
}

/// `segments + 1` points spread evenly along a route's path by length.
fn along(route: &Route, segments: usize) -> Vec<Pos2> {
    let dense = route.points(96);
    let lengths: Vec<f32> = std::iter::once(0.0)
        .chain(dense.windows(2).scan(0.0, |total, w| {
            *total += (w[1] - w[0]).length();
            Some(*total)
        }))
        .collect();
    let total = lengths.last().copied().unwrap_or(0.0);
    (0..=segments)
        .map(|k| {
            let target = total * k as f32 / segments as f32;
            let i = lengths
                .partition_point(|l| *l < target)
                .min(dense.len() - 1);
            dense[i]
        })
        .collect()
}

/// A link runs backwards on the map when its target is clearly left of its source,
/// or in the same column and not below it (a link to itself included).
fn runs_back(src: Rect, dst: Rect) -> bool {
    let dx = dst.center().x - src.center().x;
    dx < -src.width() / 2.0 || (dx.abs() <= src.width() / 2.0 && dst.center().y <= src.center().y)
}

fn span(cards: &[Rect], from: usize, to: usize) -> f32 {
    (cards[from].center().x - cards[to].center().x).abs()
}

/// The curve from one card to a card further right, or a vertical curve when the two
/// are nearly in the same column.
fn direct_curve(src: Rect, dst: Rect) -> [Pos2; 4] {
    if dst.min.x >= src.max.x + MIN_HORIZONTAL_GAP {
        let start = src.right_center();
        let end = dst.left_center();
        let bend = ((end.x - start.x) * 0.5).max(40.0);
        [start, start + vec2(bend, 0.0), end - vec2(bend, 0.0), end]
    } else {
        let (start, end) = if dst.center().y >= src.center().y {
            (src.center_bottom(), dst.center_top())
        } else {
            (src.center_top(), dst.center_bottom())
        };
        let bend = vec2(
            0.0,
            ((end.y - start.y) * 0.5).abs().max(30.0) * (end.y - start.y).signum(),
        );
        [start, start + bend, end - bend, end]
    }
}

fn crosses_other_cards(curve: &[Pos2; 4], cards: &[Rect], from: usize, to: usize) -> bool {
    if cards.len() > MAX_CARDS_TO_AVOID {
        return false;
    }
    // The curve lies inside the box of its control points: only cards touching it can be hit.
    let hull = Rect::from_points(curve).expand(4.0);
    let mut near = cards
        .iter()
        .enumerate()
        .filter(|&(i, r)| i != from && i != to && r.intersects(hull))
        .map(|(_, r)| r.expand(4.0))
        .peekable();
    if near.peek().is_none() {
        return false;
    }
    let samples: Vec<Pos2> = (1..32).map(|k| cubic(curve, k as f32 / 32.0)).collect();
    near.any(|r| samples.iter().any(|p| r.contains(*p)))
}

/// Lanes already taken: their height and horizontal extent.
#[derive(Default)]
struct Lanes {
    taken: Vec<(f32, f32, f32)>,
}

/// What a lane between two x positions could run into: the cards and the lanes taken
/// over that stretch.
struct Obstacles {
    cards: Vec<Rect>,
    lanes: Vec<f32>,
}

impl Obstacles {
    fn between(cards: &[Rect], lanes: &Lanes, x_min: f32, x_max: f32) -> Self {
        let (left, right) = (x_min - CORNER_RADIUS, x_max + CORNER_RADIUS);
        Self {
            cards: cards
                .iter()
                .filter(|r| r.min.x < right && left < r.max.x)
                .copied()
                .collect(),
            lanes: lanes
                .taken
                .iter()
                .filter(|(_, lx0, lx1)| *lx0 < x_max && x_min < *lx1)
                .map(|(y, ..)| *y)
                .collect(),
        }
    }

    fn lane_clash(&self, y: f32) -> Option<f32> {
        self.lanes
            .iter()
            .find(|taken| (*taken - y).abs() < LANE_PITCH - 0.5)
            .copied()
    }
}

/// The edge of a card a lane leaves or enters by.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Edge {
    Top,
    Bottom,
}

impl Edge {
    fn y(self, card: Rect) -> f32 {
        match self {
            Edge::Top => card.min.y,
            Edge::Bottom => card.max.y,
        }
    }

    /// The nearest lane height outside the card on this edge.
    fn first_lane(self, card: Rect) -> f32 {
        match self {
            Edge::Top => card.min.y - LANE_CLEARANCE,
            Edge::Bottom => card.max.y + LANE_CLEARANCE,
        }
    }
}

/// A lane path from `src` to `dst` and where its label goes. Each end leaves or enters
/// its card by the top or the bottom; the cheapest of the four ways that is clear wins
/// (a lane in the gap between two rows, or round the outside of both cards).
fn lane_path(src: Rect, dst: Rect, cards: &[Rect], lanes: &mut Lanes) -> (Vec<Pos2>, Pos2) {
    // Leave the source on the side towards the target and enter the target on the side
    // towards the source, so the loop is as tight as it can be.
    let towards = if dst.center().x > src.center().x {
        1.0
    } else {
        -1.0
    };
    let exit_x = src.center().x + towards * src.width() * 0.25;
    let entry_x = dst.center().x - towards * dst.width() * 0.25;
    let (x_min, x_max) = (exit_x.min(entry_x), exit_x.max(entry_x));
    let obstacles = Obstacles::between(cards, lanes, x_min, x_max);
    let mut best: Option<(f32, f32, Pos2, Pos2)> = None;
    for exit in [Edge::Bottom, Edge::Top] {
        for entry in [Edge::Bottom, Edge::Top] {
            let (from, to) = (exit.first_lane(src), entry.first_lane(dst));
            // The lane must be outside both cards on the chosen edges.
            let (start_at, limit, sign) = match (exit, entry) {
                (Edge::Bottom, Edge::Bottom) => (from.max(to), None, 1.0),
                (Edge::Top, Edge::Top) => (from.min(to), None, -1.0),
                (Edge::Bottom, Edge::Top) => (from, Some(to), 1.0),
                (Edge::Top, Edge::Bottom) => (from, Some(to), -1.0),
            };
            if limit.is_some_and(|limit| sign * (limit - start_at) < 0.0) {
                continue;
            }
            let Some(lane) = free_lane(start_at, sign, limit, &obstacles) else {
                continue;
            };
            let start = pos2(exit_x, exit.y(src));
            let end = pos2(entry_x, entry.y(dst));
            let mut cost = (lane - start.y).abs() + (lane - end.y).abs();
            if leg_blocked(start, lane, &obstacles.cards, src)
                || leg_blocked(end, lane, &obstacles.cards, dst)
            {
                cost += 10_000.0;
            }
            if exit == Edge::Top && entry == Edge::Top {
                // Loops read best below the cards; go over the top only when it is shorter.
                cost += 1.0;
            }
            if best.is_none_or(|(best_cost, ..)| cost < best_cost) {
                best = Some((cost, lane, start, end));
            }
        }
    }
    let (_, lane, start, end) = best.unwrap_or((
        0.0,
        src.max.y.max(dst.max.y) + LANE_CLEARANCE,
        pos2(exit_x, src.max.y),
        pos2(entry_x, dst.max.y),
    ));
    lanes.taken.push((lane, x_min, x_max));
    let corners = [start, pos2(exit_x, lane), pos2(entry_x, lane), end];
    (
        rounded(&corners, CORNER_RADIUS),
        pos2((exit_x + entry_x) / 2.0, lane),
    )
}

/// The first lane from `start` in direction `sign` (down is +1) that no card and no
/// other lane is in, or `None` past `limit`.
fn free_lane(start: f32, sign: f32, limit: Option<f32>, obstacles: &Obstacles) -> Option<f32> {
    let mut lane = start;
    for _ in 0..=(obstacles.cards.len() + obstacles.lanes.len()) {
        if limit.is_some_and(|limit| sign * (lane - limit) > 0.0) {
            return None;
        }
        let blocking = obstacles.cards.iter().find(|r| {
            lane > r.min.y - LANE_CLEARANCE + 1.0 && lane < r.max.y + LANE_CLEARANCE - 1.0
        });
        if let Some(r) = blocking {
            lane = if sign > 0.0 {
                r.max.y + LANE_CLEARANCE
            } else {
                r.min.y - LANE_CLEARANCE
            };
        } else if let Some(taken) = obstacles.lane_clash(lane) {
            lane = taken + sign * LANE_PITCH;
        } else {
            return Some(lane);
        }
    }
    None
}

/// True when the vertical leg from `from` (on the edge of card `own`) to the lane
/// height crosses another card.
fn leg_blocked(from: Pos2, lane: f32, cards: &[Rect], own: Rect) -> bool {
    let leg = Rect::from_two_pos(from, pos2(from.x, lane)).expand(2.0);
    cards.iter().any(|r| *r != own && r.intersects(leg))
}

/// A polyline through `corners` with each inner corner rounded.
fn rounded(corners: &[Pos2], radius: f32) -> Vec<Pos2> {
    let mut points = vec![corners[0]];
    for w in corners.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let r = radius
            .min((b - a).length() / 2.0)
            .min((c - b).length() / 2.0);
        let p = b + (a - b).normalized() * r;
        let q = b + (c - b).normalized() * r;
        for k in 0..=6 {
            let t = k as f32 / 6.0;
            let h = 1.0 - t;
            points.push(
                (p.to_vec2() * (h * h) + b.to_vec2() * (2.0 * h * t) + q.to_vec2() * (t * t))
                    .to_pos2(),
            );
        }
    }
    points.extend(corners.last());
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(x: f32, y: f32) -> Rect {
        Rect::from_min_size(pos2(x, y), vec2(200.0, 80.0))
    }

    fn pathway(ron: &str) -> Pathway {
        crate::format::load_str(ron).unwrap().pathway
    }

    #[test]
    fn a_forward_link_drawn_leftwards_is_not_a_loop() {
        // b sits left of a on the map, but a -> b is a plain forward link; only c -> a
        // closes a cycle.
        let p = pathway(
            r#"(format: 1, name: "t", annual_referrals: 1.0, steps: [
            (id: "a", name: "A", stage: Triage, next: [(to: "b", share: 1.0)]),
            (id: "b", name: "B", stage: Booking, next: [(to: "c", share: 1.0)]),
            (id: "c", name: "C", stage: Booking, next: [(to: "a", share: 0.2), (to: "d", share: 0.8)]),
            (id: "d", name: "D", stage: Attendance),
        ])"#,
        );
        let cards = [
            card(600.0, 0.0),
            card(0.0, 0.0),
            card(300.0, 0.0),
            card(900.0, 0.0),
        ];
        let routes = route_links(&p, &cards);
        let back: Vec<(usize, usize)> = routes
            .iter()
            .filter(|r| r.back)
            .map(|r| (r.from, r.to))
            .collect();
        assert_eq!(back, vec![(2, 0)]);
    }

    #[test]
    fn each_share_label_sits_on_its_own_link_clear_of_the_others() {
        // Two branches from a fan out to targets close together: their middles are
        // near each other, so the labels must move apart along their own links.
        let p = pathway(
            r#"(format: 1, name: "t", annual_referrals: 1.0, steps: [
            (id: "a", name: "A", stage: Triage, next: [(to: "b", share: 0.57), (to: "c", share: 0.43)]),
            (id: "b", name: "B", stage: Booking),
            (id: "c", name: "C", stage: Booking),
        ])"#,
        );
        let cards = [card(0.0, 0.0), card(300.0, 0.0), card(300.0, 100.0)];
        let routes = route_links(&p, &cards);
        assert_eq!(routes.len(), 2);
        for (i, r) in routes.iter().enumerate() {
            let own = along(r, 96);
            let nearest = own
                .iter()
                .map(|p| (*p - r.label_at).length())
                .fold(f32::INFINITY, f32::min);
            assert!(nearest < 3.0, "label {i} is {nearest} from its link");
            let label = Rect::from_center_size(r.label_at, LABEL_SIZE);
            let other = &routes[1 - i];
            assert!(
                along(other, 96).iter().all(|p| !label.contains(*p)),
                "label {i} lies on the other link"
            );
        }
        let [a, b] = [0, 1].map(|i| Rect::from_center_size(routes[i].label_at, LABEL_SIZE));
        assert!(!a.intersects(b), "labels overlap");
    }

    #[test]
    fn curves_run_right_edge_to_left_edge() {
        let c = direct_curve(card(0.0, 0.0), card(300.0, 0.0));
        assert_eq!(c[0], pos2(200.0, 40.0));
        assert_eq!(c[3], pos2(300.0, 40.0));
    }

    #[test]
    fn a_loop_runs_below_both_cards_and_points_up_into_its_target() {
        let cards = [card(0.0, 0.0), card(300.0, 0.0), card(600.0, 0.0)];
        let (points, label) = lane_path(cards[2], cards[0], &cards, &mut Lanes::default());
        let bottom = cards[0].max.y;
        assert!(points.iter().all(|p| p.y >= bottom - 1e-3));
        assert!((label.y - (bottom + LANE_CLEARANCE)).abs() < 1e-3);
        let last = points[points.len() - 1];
        let before = points[points.len() - 2];
        assert!(last.y < before.y, "the arrow ends going up");
    }

    #[test]
    fn a_second_loop_over_the_same_span_takes_another_lane() {
        let cards = [card(0.0, 0.0), card(300.0, 0.0)];
        let mut lanes = Lanes::default();
        let (_, first) = lane_path(cards[1], cards[0], &cards, &mut lanes);
        let (_, second) = lane_path(cards[1], cards[0], &cards, &mut lanes);
        // Either the next lane down or round the top: never on top of the first.
        assert!(
            (second.y - first.y).abs() >= LANE_PITCH - 1e-3,
            "{first:?} {second:?}"
        );
        assert!(second.y <= -LANE_CLEARANCE || second.y >= 80.0 + LANE_CLEARANCE);
    }

    #[test]
    fn a_loop_to_the_row_below_runs_in_the_gap_between_the_rows() {
        // The source is above the card in the way; the target is in the row below.
        let cards = [card(0.0, 200.0), card(600.0, 200.0), card(600.0, 0.0)];
        let (points, label) = lane_path(cards[2], cards[0], &cards, &mut Lanes::default());
        assert!(label.y > 80.0 && label.y < 200.0, "lane at {}", label.y);
        let end = points[points.len() - 1];
        assert_eq!(end.y, 200.0, "enters the target from the top");
    }

    #[test]
    fn a_lane_goes_round_a_card_in_its_way() {
        // A card below the middle of the loop pushes the lane below it.
        let cards = [card(0.0, 0.0), card(300.0, 100.0), card(600.0, 0.0)];
        let (_, label) = lane_path(cards[2], cards[0], &cards, &mut Lanes::default());
        assert!(label.y < 0.0 || label.y > 180.0, "lane at {}", label.y);
    }
}
