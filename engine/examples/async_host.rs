//! An async host function on tokio: `sleep(ms)` returns a promise that a
//! tokio timer settles. The engine keeps the futures; the host's executor
//! drives them with `Engine::run_until_idle`, and other tokio tasks run
//! meanwhile. (The timers are 30 ms or more apart, so the order holds on a
//! loaded machine too.)
//!
//! Run with `cargo run -p lode-engine --example async_host`; `cargo test`
//! runs it too and checks what it prints.

use lode_engine::api::{settle, HostFuture};
use lode_engine::{Engine, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// Runs the example on a current-thread runtime; returns what it prints.
fn run() -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("tokio runtime");
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async {
        let out = Rc::new(RefCell::new(Vec::new()));
        let mut engine = Engine::new();

        // `log(s)`: collect output on the Rust side.
        let sink = out.clone();
        engine.define_closure("log", 1, move |vm, _this, args| {
            let s = vm.to_rust_string(args.get(0))?;
            sink.borrow_mut().push(s);
            Ok(Value::UNDEFINED)
        });

        // `sleep(ms)`: a promise fulfilled with `ms` after a tokio timer.
        engine.define_async_function("sleep", 1, |vm, _this, args| {
            let ms = vm.to_number(args.get(0))?;
            let future: HostFuture = Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(ms as u64)).await;
                settle(move |_vm| Ok(Value::number(ms)))
            });
            Ok(future)
        });

        // Another tokio task runs while the script waits.
        let side = out.clone();
        let other = tokio::task::spawn_local(async move {
            tokio::time::sleep(Duration::from_millis(60)).await;
            side.borrow_mut().push("tokio task ran".to_string());
        });

        engine
            .eval(
                r#"
                sleep(120).then(ms => log("slept " + ms));
                sleep(30).then(ms => log("slept " + ms));
                (async () => {
                    const t = await sleep(1);
                    log("awaited " + t);
                    try { await sleep(Symbol()); } catch (e) { log("rejected: " + e.constructor.name); }
                })();
                log("script done");
                "#,
                "main.js",
            )
            .expect("script runs");
        engine.run_until_idle().await.expect("no error");
        other.await.expect("task");
        let lines = out.borrow().clone();
        lines
    })
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
            "script done",
            "awaited 1",
            "rejected: TypeError",
            "slept 30",
            "tokio task ran",
            "slept 120",
        ]
    );
}
