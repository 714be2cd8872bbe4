//! Generated pathways of any size, for benchmarks and tests: a long chain of
//! steps with forward branches and local rework loops, like a real pathway
//! stretched out.

use crate::model::{CanvasPos, Estimate, Link, Pathway, Role, Stage, Step};

/// A valid pathway of `steps` steps (at least 2) with a rework loop every five steps.
pub fn pathway(steps: usize) -> Pathway {
    let steps = steps.max(2);
    let mut p = Pathway::new(format!("Generated pathway of {steps} steps"));
    p.annual_referrals = 12_000.0;
    p.roles = (0..4)
        .map(|b| {
            Role::new(
                format!("band{}", b + 2),
                format!("AfC Band {}", b + 2),
                36.0 + 3.0 * b as f64,
            )
        })
        .collect();
    let last = steps - 1;
    for i in 0..steps {
        let stage = Stage::ALL[(i * Stage::ALL.len() / steps).min(Stage::ALL.len() - 1)];
        let mut step = Step::new(format!("s{i}"), format!("Step {i}"), stage);
        step.pos = Some(CanvasPos {
            x: (i / 10) as f64 * 260.0,
            y: (i % 10) as f64 * 110.0,
        });
        if i == last {
            step.outcome = Some(crate::model::Outcome::Appointment);
            p.steps.push(step);
            continue;
        }
        step.role = Some(format!("band{}", i % 4 + 2));
        step.touch_minutes = Estimate::range(1.0, 2.0 + (i % 7) as f64, 12.0);
        step.wait_days = Estimate::range(0.0, 1.0, 3.0);
        step.unit_cost = Estimate::fixed(if i % 3 == 0 { 0.92 } else { 0.0 });
        step.next = if i + 2 <= last && i % 5 == 4 {
            vec![
                link(i + 1, 0.7),
                link(i + 2, 0.2),
                link(i.saturating_sub(3), 0.1),
            ]
        } else if i + 2 <= last {
            vec![link(i + 1, 0.8), link(i + 2, 0.2)]
        } else {
            vec![link(i + 1, 1.0)]
        };
        p.steps.push(step);
    }
    p
}

fn link(to: usize, share: f64) -> Link {
    Link {
        to: format!("s{to}"),
        share,
    }
}
