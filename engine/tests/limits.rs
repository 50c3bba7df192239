//! The four hard limits (deadline, fuel, interrupt, heap cap): each stops a
//! script that would otherwise run or grow forever, in JavaScript loops and
//! inside native loops, and leaves the same `Engine` able to run the next
//! script correctly.

use lode_engine::api::JsError;
use lode_engine::gc::CountingAlloc;
use lode_engine::vm::Termination;
use lode_engine::Engine;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The heap cap counts memory outside GC cells through this allocator
/// (each test runs on its own thread; the count is per thread).
#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn termination(r: Result<lode_engine::Value, JsError>) -> Termination {
    match r {
        Ok(_) => panic!("the script completed"),
        Err(e) => e
            .termination
            .unwrap_or_else(|| panic!("a JavaScript error, not a termination: {e}")),
    }
}

/// Evaluate `src` and return its completion value as text.
fn text(engine: &mut Engine, src: &str) -> String {
    let v = engine
        .eval(src, "check.js")
        .unwrap_or_else(|e| panic!("{src}: {e}"));
    engine.to_rust_string(v).expect("ToString")
}

/// The engine still runs ordinary code after a termination: calls (frames
/// and register stack), natives calling back into JS (native depth), deep
/// recursion, promise jobs, allocation.
fn check_usable(engine: &mut Engine) {
    let src = r#"(() => {
        function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
        function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
        let out = [];
        [3, 1, 2].sort((a, b) => a - b).forEach(x => out.push(x * 2));
        let big = [];
        for (let i = 0; i < 100000; i++) big.push({ i });
        Promise.resolve(5).then(v => { globalThis.fromJob = v; });
        return [fib(15), depth(5000), out.join(), big.length].join(";");
    })()"#;
    assert_eq!(text(engine, src), "610;5000;2,4,6;100000");
    assert_eq!(text(engine, "globalThis.fromJob"), "5");
}

#[test]
fn deadline_stops_a_js_loop_and_skips_finally() {
    let mut engine = Engine::new();
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(30)));
    let t0 = Instant::now();
    let r = engine.eval(
        "try { for (;;) {} } catch (e) { globalThis.caught = 1 } finally { globalThis.fin = 1 }",
        "loop.js",
    );
    assert_eq!(termination(r), Termination::Deadline);
    assert!(t0.elapsed() < Duration::from_secs(5));
    engine.set_deadline(None);
    assert_eq!(
        text(&mut engine, "typeof caught + typeof fin"),
        "undefinedundefined"
    );
    check_usable(&mut engine);
}

#[test]
fn deadline_stops_native_loops() {
    let cases = [
        "Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)",
        "Array.prototype.includes.call({ length: 2 ** 53 - 1 }, 1)",
        "[0].concat.call({ length: 2 ** 40, [Symbol.isConcatSpreadable]: true })",
        "var t = new Uint8Array(1 << 24); for (;;) t.indexOf(5)",
        "var s = 'ab'.repeat(1 << 22); for (;;) s.split('b')",
        "var s = 'ab'.repeat(1 << 22); for (;;) s.replace(/a/g, 'c')",
        "var t = new Float64Array(1 << 22).map(Math.random); for (;;) t.slice().sort()",
    ];
    let mut engine = Engine::new();
    for src in cases {
        engine.set_deadline(Some(Instant::now() + Duration::from_millis(30)));
        let t0 = Instant::now();
        assert_eq!(
            termination(engine.eval(src, "native.js")),
            Termination::Deadline,
            "{src}"
        );
        // Generous bound: the machine may be loaded; without the checks
        // these run for hours.
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "{src}: {:?}",
            t0.elapsed()
        );
    }
    engine.set_deadline(None);
    check_usable(&mut engine);
}

#[test]
fn fuel_runs_out() {
    let mut engine = Engine::new();
    engine.set_fuel(Some(1_000_000));
    let r = engine.eval("let n = 0; for (;;) n++", "fuel.js");
    assert_eq!(termination(r), Termination::OutOfFuel);
    // Native loops burn fuel too.
    engine.set_fuel(Some(1_000_000));
    let r = engine.eval(
        "Array.prototype.lastIndexOf.call({ length: 2 ** 53 - 1 }, 1)",
        "fuel2.js",
    );
    assert_eq!(termination(r), Termination::OutOfFuel);
    engine.set_fuel(None);
    check_usable(&mut engine);
}

/// Give `engine` an interrupt flag and a thread that raises it after `delay`.
fn interrupt_after(engine: &mut Engine, delay: Duration) -> std::thread::JoinHandle<()> {
    let flag = Arc::new(AtomicBool::new(false));
    engine.set_interrupt(Some(flag.clone()));
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    })
}

#[test]
fn interrupt_from_another_thread_stops_a_native_loop() {
    let mut engine = Engine::new();
    let raiser = interrupt_after(&mut engine, Duration::from_millis(50));
    let r = engine.eval(
        "Array.prototype.includes.call({ length: 2 ** 53 - 1 }, 1)",
        "interrupt.js",
    );
    raiser.join().expect("raiser thread");
    assert_eq!(termination(r), Termination::Interrupted);
    // The flag was consumed: the next script runs.
    check_usable(&mut engine);
}

/// A catastrophically backtracking pattern: without a step budget in the
/// matcher one `test` call runs for longer than the age of the universe.
const RUNAWAY_REGEX: &str = r#"/(a+)+$/.test("a".repeat(40) + "b")"#;

/// After a stopped match, the same pattern (cached compiled program) and
/// other patterns still match correctly.
fn check_regex_usable(engine: &mut Engine) {
    let src = r##"[/(a+)+$/.test("aaa"), /(a+)+$/.test("a".repeat(20) + "b"),
        "x1y22z".replace(/\d+/g, "#"), /(?<y>\d{4})/.exec("in 2026").groups.y].join()"##;
    assert_eq!(text(engine, src), "true,false,x#y#z,2026");
    check_usable(engine);
}

#[test]
fn deadline_stops_a_backtracking_regex() {
    let mut engine = Engine::new();
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(30)));
    let t0 = Instant::now();
    assert_eq!(
        termination(engine.eval(RUNAWAY_REGEX, "regex.js")),
        Termination::Deadline
    );
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
    engine.set_deadline(None);
    check_regex_usable(&mut engine);
}

#[test]
fn interrupt_from_another_thread_stops_a_regex() {
    let mut engine = Engine::new();
    let raiser = interrupt_after(&mut engine, Duration::from_millis(50));
    // Inside split and replace too: their matches run in native loops.
    let r = engine.eval(
        r#"var s = "a".repeat(30) + "b"; s.split(/(a|aa)+c/); s.replace(/(a+)+$/, "")"#,
        "regex-interrupt.js",
    );
    raiser.join().expect("raiser thread");
    assert_eq!(termination(r), Termination::Interrupted);
    check_regex_usable(&mut engine);
}

#[test]
fn fuel_runs_out_in_a_regex() {
    let mut engine = Engine::new();
    engine.set_fuel(Some(1_000_000));
    assert_eq!(
        termination(engine.eval(RUNAWAY_REGEX, "regex-fuel.js")),
        Termination::OutOfFuel
    );
    engine.set_fuel(None);
    check_regex_usable(&mut engine);
}

#[test]
fn regex_backtrack_overflow_is_a_range_error() {
    let mut engine = Engine::new();
    let src = r#"(() => { try { /(?:a|b)*c/.test("a".repeat(1 << 24)); return "matched"; }
        catch (e) { return e instanceof RangeError ? "RangeError" : String(e); } })()"#;
    assert_eq!(text(&mut engine, src), "RangeError");
    check_regex_usable(&mut engine);
}

#[test]
fn pending_jobs_of_a_stopped_script_do_not_run() {
    let mut engine = Engine::new();
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(20)));
    let r = engine.eval(
        "Promise.resolve().then(() => { globalThis.ran = 1 }); for (;;) {}",
        "jobs.js",
    );
    assert_eq!(termination(r), Termination::Deadline);
    engine.set_deadline(None);
    assert_eq!(text(&mut engine, "typeof ran"), "undefined");
}

#[test]
fn termination_inside_nested_native_calls() {
    // The loop runs in a callback of a native (forEach) called from a
    // callback of another (map): native depth and frames must unwind.
    let mut engine = Engine::new();
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(20)));
    let r = engine.eval(
        "[1].map(() => [1].forEach(() => { for (;;) {} }))",
        "nested.js",
    );
    assert_eq!(termination(r), Termination::Deadline);
    engine.set_deadline(None);
    check_usable(&mut engine);
}

const CAP: usize = 64 << 20;

#[test]
fn heap_cap_stops_growth_and_the_engine_recovers() {
    let cases = [
        "let a = []; for (;;) a.push({ x: [1, 2, 3], s: 'ab' + a.length })",
        "let m = new Map(); for (let i = 0; ; i++) m.set(i, 'v' + i)",
        "let s = 'ab'; for (;;) s = s + s",
        "let b = []; for (;;) b.push(new ArrayBuffer(1 << 20))",
        "let a = []; for (;;) a.push(new Array(1000).fill(1))",
        "let o = {}; for (let i = 0; ; i++) o['k' + i] = i",
        "'x'.repeat(2 ** 28)",
        "Array.from({ length: 2 ** 28 })",
        "try { new ArrayBuffer(2 ** 30) } catch (e) { globalThis.caught = 1 }",
    ];
    let mut engine = Engine::new();
    engine.set_heap_limit(CAP);
    for src in cases {
        // A block per case: the `let`s of one case do not clash with the next.
        let r = engine.eval(&format!("{{ {src} }}"), "grow.js");
        assert_eq!(termination(r), Termination::HeapLimit, "{src}");
        assert!(
            lode_engine::gc::thread_bytes().expect("counting allocator") < CAP,
            "{src}: the stopped script's data was not reclaimed"
        );
        check_usable(&mut engine);
    }
    // The cap is uncatchable.
    assert_eq!(text(&mut engine, "typeof caught"), "undefined");
}

#[test]
fn heap_cap_lets_garbage_be_collected() {
    // Far more than the cap is allocated in total, but little is live at
    // any time: the collector, not the cap, deals with it.
    let mut engine = Engine::new();
    engine.set_heap_limit(CAP);
    let src =
        "let n = 0; for (let i = 0; i < 2000; i++) { n += new Array(10000).fill(i).length } n";
    assert_eq!(text(&mut engine, src), "20000000");
}

#[test]
fn invalid_sizes_are_range_errors_not_terminations() {
    let mut engine = Engine::new();
    engine.set_heap_limit(CAP);
    for src in [
        "'x'.repeat(-1)",
        "'x'.repeat(2 ** 40)",
        "new ArrayBuffer(2 ** 60)",
        "new Array(-1)",
    ] {
        let e = engine.eval(src, "invalid.js").expect_err(src);
        assert_eq!(e.termination, None, "{src}");
        assert_eq!(e.name, "RangeError", "{src}");
    }
}
