//! `lode-fuzz [SECONDS] [SEED] [--builtins]`: generate random programs and
//! run each in a fresh engine with a fuel limit; with `--builtins`, call
//! every built-in function with hostile arguments instead (builtins.js). Any engine panic (reported by the
//! embedding API as an InternalError) or process abort is a failure. Prints
//! the count of inputs tried and exits non-zero on a failure, saving the
//! offending program to `fuzz-crash-<n>.js`.

mod gen;

use lode_engine::Engine;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5EED);
    let builtins = args.any(|a| a == "--builtins");
    // Run on a big stack, as the CLI does.
    let h = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || fuzz(seconds, seed, builtins))
        .expect("fuzz thread");
    let failures = h.join().unwrap_or(1);
    std::process::exit(if failures == 0 { 0 } else { 1 });
}

const BUILTINS_JS: &str = include_str!("builtins.js");

fn fuzz(seconds: u64, seed: u64, builtins: bool) -> usize {
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut rng = gen::Rng::new(seed);
    let (mut tried, mut failures, mut threw) = (0usize, 0usize, 0usize);
    while Instant::now() < end {
        let program = if builtins {
            format!(
                "var __seed = {}, __iterations = 300;\n{BUILTINS_JS}",
                rng.next() as u32
            )
        } else {
            gen::Gen::new(&mut rng).program()
        };
        let mut engine = Engine::new();
        engine.set_fuel(Some(if builtins { 20_000_000 } else { 200_000 }));
        engine.set_deadline(Some(
            Instant::now() + Duration::from_millis(if builtins { 1000 } else { 500 }),
        ));
        match engine.eval(&program, "fuzz.js") {
            Ok(_) => {}
            Err(e) if e.name == "InternalError" => {
                failures += 1;
                let path = format!("fuzz-crash-{failures}.js");
                let _ = std::fs::write(&path, &program);
                eprintln!("engine panic: {} (saved {path})", e.message);
            }
            Err(_) => threw += 1,
        }
        tried += 1;
    }
    println!(
        "fuzz: {tried} inputs in {:.0}s ({threw} threw a JS exception), {} passed, {failures} failed",
        start.elapsed().as_secs_f64(),
        tried - failures
    );
    failures
}
