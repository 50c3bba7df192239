//! Embedding Lode: evaluate code, define native functions (a plain
//! function and a closure over Rust state), call back into JavaScript,
//! keep a value in a handle, and stop a runaway script with a deadline.
//!
//! Run with `cargo run -p lode-engine --example embed`; `cargo test` runs
//! it too and checks what it prints.

use lode_engine::function::Args;
use lode_engine::{Engine, JsResult, Value, Vm};
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// A native function: `add(a, b)` → a + b as numbers.
fn add(vm: &mut Vm, _this: Value, args: Args, _new_target: Value) -> JsResult<Value> {
    let a = vm.to_number(args.get(0))?;
    let b = vm.to_number(args.get(1))?;
    Ok(Value::number(a + b))
}

/// Runs the example; returns the lines it prints.
fn run() -> Vec<String> {
    let mut out = Vec::new();
    let mut engine = Engine::new();
    engine.define_function("add", 2, add);
    let greeting = engine.string("hello");
    engine.set_global("greeting", greeting);

    // Evaluate a script; its completion value comes back as a `Value`.
    let v = engine
        .eval("add(40, 2)", "example.js")
        .expect("script runs");
    out.push(format!("add(40, 2) = {:?}", v.as_number()));

    // A closure capturing Rust state: a counter shared with the host.
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    engine.define_closure("tick", 0, move |_vm, _this, _args| {
        counter.set(counter.get() + 1);
        Ok(Value::number(counter.get() as f64))
    });
    engine
        .eval("tick(); tick(); tick.call(null)", "tick.js")
        .expect("ticks");
    out.push(format!("tick() called {} times", calls.get()));

    // Define a JS function and call it from Rust; keep it in a handle.
    engine
        .eval(
            "function shout(s) { return s.toUpperCase() + '!'; }",
            "lib.js",
        )
        .expect("defines");
    let shout = engine.get_global("shout").expect("global");
    let shout = engine.global(shout);
    engine.eval("shout = undefined", "drop.js").expect("runs");
    engine.collect_garbage();
    let arg = engine.string("lode");
    let r = engine
        .call(shout.get(), Value::UNDEFINED, &[arg])
        .expect("call");
    out.push(format!(
        "shout('lode') = {}",
        engine.to_rust_string(r).expect("string")
    ));

    // Errors come back as `JsError` with name, message and stack.
    let err = engine.eval("null.x", "bad.js").expect_err("throws");
    out.push(format!("error: {}", err.name));

    // A deadline stops an infinite loop; the engine stays usable.
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(50)));
    let stopped = engine.eval("for (;;) {}", "loop.js").expect_err("stopped");
    out.push(format!("stopped: {:?}", stopped.termination));
    engine.set_deadline(None);
    let v = engine.eval("add(1, 1)", "after.js").expect("usable");
    out.push(format!("after: {:?}", v.as_number()));
    out
}

fn main() {
    for line in run() {
        println!("{line}");
    }
}

#[test]
fn prints_what_it_should() {
    assert_eq!(
        run(),
        [
            "add(40, 2) = Some(42.0)",
            "tick() called 3 times",
            "shout('lode') = LODE!",
            "error: TypeError",
            "stopped: Some(Deadline)",
            "after: Some(2.0)",
        ]
    );
}
