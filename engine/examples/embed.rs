//! Embedding Lode: evaluate code, define a native function, call back into
//! JavaScript, and stop a runaway script with a deadline.
//!
//! Run with `cargo run -p lode-engine --example embed`.

use lode_engine::function::Args;
use lode_engine::{Engine, JsResult, Value, Vm};
use std::time::{Duration, Instant};

/// A native function: `add(a, b)` → a + b as numbers.
fn add(vm: &mut Vm, _this: Value, args: Args, _new_target: Value) -> JsResult<Value> {
    let a = vm.to_number(args.get(0))?;
    let b = vm.to_number(args.get(1))?;
    Ok(Value::number(a + b))
}

fn main() {
    let mut engine = Engine::new();
    engine.define_function("add", 2, add);
    let greeting = engine.string("hello");
    engine.set_global("greeting", greeting);

    // Evaluate a script; its completion value comes back as a `Value`.
    let v = engine
        .eval("add(40, 2)", "example.js")
        .expect("script runs");
    println!("add(40, 2) = {:?}", v.as_number());

    // Define a JS function and call it from Rust.
    engine
        .eval(
            "function shout(s) { return s.toUpperCase() + '!'; }",
            "lib.js",
        )
        .expect("defines");
    let shout = engine.get_global("shout").expect("global");
    let arg = engine.string("lode");
    let r = engine.call(shout, Value::UNDEFINED, &[arg]).expect("call");
    println!(
        "shout('lode') = {}",
        engine.to_rust_string(r).expect("string")
    );

    // Errors come back as `JsError` with name, message and stack.
    let err = engine.eval("null.x", "bad.js").expect_err("throws");
    println!("error: {err}");

    // A deadline stops an infinite loop.
    engine.set_deadline(Some(Instant::now() + Duration::from_millis(50)));
    let stopped = engine.eval("for (;;) {}", "loop.js").expect_err("stopped");
    println!("stopped: {:?}", stopped.termination);
}
