//! Generated pathways of any size, for benchmarks and tests: a long chain of
//! steps with forward branches and local rework loops, like a real pathway
//! stretched out; one long loop; one step with very many links; and a revised
//! copy to compare with.

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

/// A valid pathway whose `steps` steps (at least 2) form one loop, as a rebooking
/// cycle stretched out: each step goes on to the next, leaving for the end step one
/// time in ten thousand, and the last goes back to the first half the time.
pub fn looping_pathway(steps: usize) -> Pathway {
    let steps = steps.max(2);
    let mut p = pathway(2);
    p.name = format!("Generated loop of {steps} steps");
    p.steps.clear();
    let end = format!("s{steps}");
    for i in 0..steps {
        let mut step = Step::new(format!("s{i}"), format!("Step {i}"), Stage::Booking);
        step.role = Some(format!("band{}", i % 4 + 2));
        step.touch_minutes = Estimate::range(1.0, 2.0 + (i % 7) as f64, 12.0);
        step.wait_days = Estimate::range(0.0, 1.0, 3.0);
        let (on, share) = if i + 1 == steps {
            (0, 0.5)
        } else {
            (i + 1, 0.9999)
        };
        step.next = vec![
            link(on, share),
            Link {
                to: end.clone(),
                share: 1.0 - share,
            },
        ];
        p.steps.push(step);
    }
    let mut done = Step::new(end, "Seen", Stage::Attendance);
    done.outcome = Some(crate::model::Outcome::Appointment);
    p.steps.push(done);
    p
}

/// A valid pathway whose first step sends referrals down `links` branches in equal
/// shares, each a step with a range of minutes ending the pathway: one step with very
/// many links.
pub fn fan_out_pathway(links: usize) -> Pathway {
    let links = links.max(1);
    let mut p = pathway(2);
    p.name = format!("Generated fan of {links} links");
    p.steps.truncate(1);
    p.steps[0].next = (1..=links).map(|j| link(j, 1.0 / links as f64)).collect();
    for j in 1..=links {
        let mut step = Step::new(format!("s{j}"), format!("Branch {j}"), Stage::Triage);
        step.role = Some(format!("band{}", j % 4 + 2));
        step.touch_minutes = Estimate::range(1.0, 2.0 + (j % 7) as f64, 12.0);
        step.outcome = Some(crate::model::Outcome::Advice);
        p.steps.push(step);
    }
    p
}

/// A second version of a generated pathway, as a colleague might send it back: every
/// step's minutes re-estimated, every tenth step's shares changed, every fiftieth
/// renamed, and the hourly cost of one role raised.
pub fn revised(pathway: &Pathway) -> Pathway {
    let mut p = pathway.clone();
    p.name = format!("{} (revised)", pathway.name);
    if let Some(role) = p.roles.first_mut() {
        role.hourly_cost += 1.5;
    }
    for (i, step) in p.steps.iter_mut().enumerate() {
        if step.role.is_some() {
            let e = step.touch_minutes;
            step.touch_minutes = Estimate::range(e.low, e.likely + 0.5, e.high + 1.0);
        }
        if i % 10 == 0 && step.next.len() >= 2 {
            step.next[0].share -= 0.05;
            step.next[1].share += 0.05;
        }
        if i % 50 == 0 {
            step.name = format!("{} (renamed)", step.name);
        }
    }
    p
}

fn link(to: usize, share: f64) -> Link {
    Link {
        to: format!("s{to}"),
        share,
    }
}
