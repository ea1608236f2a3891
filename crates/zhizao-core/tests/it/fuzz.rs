//! Fuzzing the file reader: whatever a planner's editor leaves in a file,
//! parsing and validation answer with problems, never a panic, and whatever
//! validates also simulates.

use rand::RngExt;
use zhizao_core::experiment::replicate;
use zhizao_core::rng::stream;
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;
use zhizao_core::time::DAY;

use crate::common::root;

/// Mutations of a valid scenario (cut short, characters dropped, swapped or
/// replaced) must never panic the parser or the validator.
#[test]
fn mangled_scenarios_never_panic() {
    let original = std::fs::read_to_string(root().join("scenarios/wenzhou_shoe_upper.ron")).unwrap();
    let bytes = original.as_bytes();
    let mut rng = stream(1, "test:fuzz", 0);
    let noise = b"-0123456789.,:()[]{}\"abcxyz_ \n";
    for _ in 0..3000 {
        let mut b = bytes.to_vec();
        for _ in 0..rng.random_range(1..4usize) {
            let i = rng.random_range(0..b.len());
            match rng.random_range(0..4u8) {
                0 => b.truncate(i),
                1 => {
                    b.remove(i);
                }
                2 => b[i] = noise[rng.random_range(0..noise.len())],
                _ => b.insert(i, noise[rng.random_range(0..noise.len())]),
            }
            if b.is_empty() {
                break;
            }
        }
        let text = String::from_utf8_lossy(&b);
        if let Ok(s) = Scenario::parse(&text) {
            // Whatever validates must also simulate.
            let settings = Settings {
                inputs: Default::default(),
                engine: Default::default(),
                replications: 1,
                seed: 1,
                warmup: 0,
                run: DAY,
            };
            for v in &s.variants {
                let _ = replicate(&v.line, &settings, 0);
            }
        }
    }
}
