//! A structured fuzzer of the binary: the bundled scenarios and the broken
//! corpus with numbers, durations, names and bytes replaced by the values a
//! careless or hurried user types (0, -1, 4294967295, "0.4ms", "999999w",
//! a control character, a byte-order mark, a stray byte). Every run is
//! bounded in time (killed after a limit) and in memory (an address-space
//! limit), and must end with exit 0, or exit 2 and a message that says
//! where or what: never a panic, a crash, a hang or a blow-up.
//!
//! A few dozen inputs run with every `cargo test`; `ZHIZAO_FUZZ=N` runs N
//! (the long run; `ZHIZAO_FUZZ_SEED` picks other inputs), and prints what
//! it tried and found.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Seconds a run may take before it counts as a hang.
const LIMIT_SECONDS: u64 = 60;
/// Address space a run may use [kB]: far above any sane run of these files.
const MEMORY_KB: u64 = 4_000_000;

/// A small deterministic generator (SplitMix64), so a failure can be re-run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "1e308",
    "0.0001",
    "-0.5",
    "100000000",
];
const DURATIONS: &[&str] = &[
    "\"0s\"",
    "\"0.4ms\"",
    "\"1ms\"",
    "\"-5s\"",
    "\"999999w\"",
    "\"52000w\"",
    "\"1e30h\"",
    "\"soon\"",
    "\"\"",
    "\"1 min\"",
];
const BYTES: &[&[u8]] = &[
    b"\x1b[2J",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\t",
    b"\"",
    b"\\",
    b"r#\"",
    b"\n",
    b"\0",
];

/// A byte range of the text.
type Span = (usize, usize);

/// Byte ranges of the text's numbers and of its quoted strings that look
/// like durations.
fn spans(text: &str) -> (Vec<Span>, Vec<Span>) {
    let b = text.as_bytes();
    let (mut numbers, mut durations) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let end = b[i + 1..]
                .iter()
                .position(|&c| c == b'"')
                .map_or(b.len(), |p| i + 2 + p);
            let inner = &text[i + 1..end.saturating_sub(1).max(i + 1)];
            if inner.starts_with(|c: char| c.is_ascii_digit()) && inner.ends_with(char::is_alphabetic) {
                durations.push((i, end));
            }
            i = end;
        } else if b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            numbers.push((start, i));
        } else {
            i += 1;
        }
    }
    (numbers, durations)
}

/// One to three structured mutations of `text`.
fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut out = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(2) {
        let now = String::from_utf8_lossy(&out).into_owned();
        let (numbers, durations) = spans(&now);
        let replace = |out: &mut Vec<u8>, (a, b): Span, with: &[u8]| {
            out.splice(a..b, with.iter().copied());
        };
        // Mostly values (what a planner mistypes), sometimes the text itself.
        match rng.below(12) {
            0..=4 if !numbers.is_empty() => replace(&mut out, *rng.pick(&numbers), rng.pick(NUMBERS).as_bytes()),
            5..=7 if !durations.is_empty() => replace(&mut out, *rng.pick(&durations), rng.pick(DURATIONS).as_bytes()),
            8 => {
                let at = rng.below(out.len());
                let bytes = rng.pick(BYTES);
                out.splice(at..at, bytes.iter().copied());
            }
            9 => {
                // A whole line dropped or doubled.
                let lines: Vec<&str> = now.split_inclusive('\n').collect();
                let k = rng.below(lines.len());
                let mut t = String::new();
                for (j, l) in lines.iter().enumerate() {
                    if j != k || rng.below(2) == 0 {
                        t.push_str(l);
                    }
                    if j == k {
                        t.push_str(l);
                    }
                }
                out = t.into_bytes();
            }
            10 if !numbers.is_empty() => {
                // A number made a thousand or a million times larger.
                let (a, b) = *rng.pick(&numbers);
                let zeros: &[u8] = if rng.below(2) == 0 { b"000" } else { b"000000" };
                out.splice(b..b, zeros.iter().copied());
                let _ = a;
            }
            _ => {
                let cut = rng.below(out.len());
                out.truncate(cut);
            }
        }
    }
    out
}

/// Runs `zhizao run FILE` with the limits; the exit code (`None` for a
/// signal, a crash or a kill), standard error, and the time taken.
fn run_limited(file: &Path) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_KB}; exec \"$0\" run \"$1\" --replications 1 --warmup 0s --run 2d --threads 1 --quiet"
        ))
        .arg(env!("CARGO_BIN_EXE_zhizao"))
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(LIMIT_SECONDS) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let err = reader.join().unwrap();
    (status.and_then(|s| s.code()), err, started.elapsed())
}

/// The `.ron` files of a folder, with their text.
fn seeds(dir: &str) -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect()
}

#[test]
fn mutated_scenarios_end_cleanly_within_their_limits() {
    let n: usize = std::env::var("ZHIZAO_FUZZ")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let (bundled, broken) = (seeds("scenarios"), seeds("tests/broken"));
    let dir = tempfile::tempdir().unwrap();
    // The order book beside the scenario that names it.
    std::fs::copy(
        "scenarios/yueqing_circuit_breaker_orders.csv",
        dir.path().join("yueqing_circuit_breaker_orders.csv"),
    )
    .unwrap();
    let seed = std::env::var("ZHIZAO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2026);
    let mut rng = Rng(seed);
    let (mut ok, mut invalid, mut slowest) = (0, 0, Duration::ZERO);
    let mut failures = Vec::new();
    for k in 0..n {
        // Three in four from the bundled scenarios, which run when the
        // mutation leaves them valid; the rest from the broken corpus.
        let (path, text) = if rng.below(4) == 0 {
            rng.pick(&broken)
        } else {
            rng.pick(&bundled)
        };
        let mutated = mutate(text, &mut rng);
        let file = dir.path().join(format!("m{k}.ron"));
        std::fs::write(&file, &mutated).unwrap();
        let (code, err, took) = run_limited(&file);
        if std::env::var("ZHIZAO_FUZZ_SHOW").is_ok() {
            println!("--- input {k} from {}: exit {code:?}\n{err}", path.display());
        }
        slowest = slowest.max(took);
        let located = err
            .lines()
            .any(|l| l.starts_with(&*file.to_string_lossy()) || l.starts_with("error:") || l.contains("problem(s)"));
        match code {
            Some(0) => ok += 1,
            Some(2) if located && !err.contains("panicked") => invalid += 1,
            other => {
                let keep = dir.path().join(format!("failed{k}.ron"));
                std::fs::copy(&file, &keep).unwrap();
                failures.push(format!(
                    "input {k} (from {}): exit {other:?} after {took:?}\n{err}",
                    path.display()
                ));
            }
        }
        let _ = std::fs::remove_file(&file);
    }
    println!(
        "{n} mutated scenarios: {ok} ran (exit 0), {invalid} refused with a located message (exit 2), {} failed; slowest {slowest:?}",
        failures.len()
    );
    if !failures.is_empty() {
        // Keep the failing inputs for a look.
        let kept = dir.keep();
        panic!(
            "{} failure(s), inputs kept in {}:\n{}",
            failures.len(),
            kept.display(),
            failures.join("\n")
        );
    }
}
