//! `lode-fuzz [SECONDS] [SEED] [--builtins] [--gc-stress]`: generate random
//! programs and run each in a fresh engine with a fuel limit; with
//! `--builtins`, call every built-in function with hostile arguments instead
//! (builtins.js). Any engine panic (reported by the embedding API as an
//! InternalError) or process abort is a failure. With `--gc-stress` every
//! program runs a second time collecting at every safepoint, and a
//! different outcome (result or exception) is a failure too. Prints the
//! count of inputs tried and exits non-zero on a failure, saving the
//! offending program to `fuzz-crash-<n>.js` / `fuzz-stress-<n>.js`.

mod gen;

use lode_engine::api::JsError;
use lode_engine::vm::Termination;
use lode_engine::Engine;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5EED);
    let flags: Vec<String> = args.collect();
    let builtins = flags.iter().any(|a| a == "--builtins");
    let stress = flags.iter().any(|a| a == "--gc-stress");
    // Run on a big stack, as the CLI does.
    let h = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || fuzz(seconds, seed, builtins, stress))
        .expect("fuzz thread");
    let failures = h.join().unwrap_or(1);
    std::process::exit(if failures == 0 { 0 } else { 1 });
}

const BUILTINS_JS: &str = include_str!("builtins.js");

/// How one run of a program ended, as compared between a normal run and a
/// run under GC stress. `None` when a wall-clock deadline ended it (not
/// comparable: stress runs are slower).
fn outcome(engine: &mut Engine, r: Result<lode_engine::value::Value, JsError>) -> Option<String> {
    match r {
        Ok(v) => Some(match engine.to_rust_string(v) {
            Ok(s) => format!("ok {s}"),
            Err(e) => format!("ok, unprintable: {}: {}", e.name, e.message),
        }),
        Err(e) if e.termination == Some(Termination::Deadline) => None,
        Err(e) => Some(format!("{}: {}", e.name, e.message)),
    }
}

/// Run `program` on a fresh engine (fuel-limited, so both runs of a
/// differential pair stop at the same instruction).
fn run_once(program: &str, builtins: bool, stress: bool) -> (Result<(), String>, Option<String>) {
    let mut engine = Engine::new();
    engine.vm().heap.set_stress(stress);
    engine.set_fuel(Some(if builtins { 20_000_000 } else { 200_000 }));
    let ms = if stress {
        20_000
    } else if builtins {
        1000
    } else {
        500
    };
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(ms)));
    let r = engine.eval(program, "fuzz.js");
    let crash = match &r {
        Err(e) if e.name == "InternalError" => Err(e.message.clone()),
        _ => Ok(()),
    };
    let o = outcome(&mut engine, r);
    (crash, o)
}

fn fuzz(seconds: u64, seed: u64, builtins: bool, stress: bool) -> usize {
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
        let (crash, normal) = run_once(&program, builtins, false);
        if let Err(message) = crash {
            failures += 1;
            let path = format!("fuzz-crash-{failures}.js");
            let _ = std::fs::write(&path, &program);
            eprintln!("engine panic: {message} (saved {path})");
        } else if normal.as_deref().is_some_and(|o| !o.starts_with("ok")) {
            threw += 1;
        }
        // Differential: the same program with a collection at every
        // safepoint must end the same way.
        if stress {
            let (crash, stressed) = run_once(&program, builtins, true);
            let differs = normal.is_some() && stressed.is_some() && normal != stressed;
            if crash.is_err() || differs {
                failures += 1;
                let path = format!("fuzz-stress-{failures}.js");
                let _ = std::fs::write(&path, &program);
                eprintln!(
                    "GC stress changed the outcome: {:?} vs {:?} (saved {path})",
                    normal, stressed
                );
            }
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
