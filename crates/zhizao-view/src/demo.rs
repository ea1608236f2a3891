//! The exhibition loop: every bundled scenario's before/after pairs in turn,
//! forever, unattended.
//!
//! Each pair runs for a fixed real time (or until its run ends), then the
//! next one starts from empty. Nothing accumulates from one pair to the
//! next: the live run, its history and the drawn entities are replaced, so
//! memory stays flat however long the booth is open.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;

use super::Workshop;
use zhizao_core::scenario::Scenario;

/// The rotation.
#[derive(Resource)]
pub struct Demo {
    /// (scenario, its file, variant index) for every variant of every scenario.
    pub pairs: Vec<(Arc<Scenario>, PathBuf, usize)>,
    pub index: usize,
    /// Real time each pair is shown.
    pub dwell: Duration,
    pub shown_for: Duration,
    /// Pairs shown so far (for tests and the soak check).
    pub rotations: u64,
}

impl Demo {
    /// Every (baseline, variant) pair of `scenarios`, in order.
    pub fn new(scenarios: Vec<(Scenario, PathBuf)>, dwell: Duration) -> Demo {
        let pairs = scenarios
            .into_iter()
            .flat_map(|(s, file)| {
                let s = Arc::new(s);
                (1..s.variants.len()).map(move |v| (s.clone(), file.clone(), v))
            })
            .collect();
        Demo {
            pairs,
            index: 0,
            dwell,
            shown_for: Duration::ZERO,
            rotations: 0,
        }
    }

    /// The baseline and variant of pair `i`.
    pub fn pair(&self, i: usize) -> (Arc<Scenario>, PathBuf, Vec<zhizao_core::scenario::Variant>) {
        let (s, file, v) = &self.pairs[i];
        (
            s.clone(),
            file.clone(),
            vec![s.baseline().clone(), s.variants[*v].clone()],
        )
    }
}

pub(super) fn rotate(time: Res<Time>, demo: Option<ResMut<Demo>>, mut workshop: ResMut<Workshop>) {
    let Some(mut demo) = demo else {
        return;
    };
    if demo.pairs.is_empty() {
        return;
    }
    demo.shown_for += time.delta();
    if demo.shown_for >= demo.dwell || workshop.live.is_finished() || workshop.live.error().is_some() {
        demo.index = (demo.index + 1) % demo.pairs.len();
        demo.shown_for = Duration::ZERO;
        demo.rotations += 1;
        let (scenario, file, variants) = demo.pair(demo.index);
        info!(
            "exhibition pair {} of {} (rotation {}): {}, {}",
            demo.index + 1,
            demo.pairs.len(),
            demo.rotations,
            scenario.name,
            variants[1].name
        );
        workshop.show(scenario, file, variants);
    }
}
