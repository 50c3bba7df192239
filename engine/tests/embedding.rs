//! The embedding API's handles, host functions, host data and rejection
//! events (engine/src/api). Each test states the property it checks.

use lode_engine::api::{settle, HostFuture, RejectionEvent};
use lode_engine::{Engine, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Live bytes after a full collection.
fn live_after_gc(engine: &mut Engine) -> usize {
    engine.collect_garbage();
    engine.vm().heap.stats().live_bytes
}

#[test]
fn globals_keep_values_alive_and_release_them_on_drop() {
    let mut engine = Engine::new();
    engine.vm().heap.set_stress(true);
    engine
        .eval("globalThis.make = i => ({ i, s: 'v' + i, a: [i] })", "m.js")
        .unwrap();
    let make = engine.get_global("make").unwrap();
    let make = engine.global(make);
    let start = live_after_gc(&mut engine);
    let roots_before = engine.vm().roots.live_roots();
    let mut kept = Vec::new();
    for i in 0..100_000u32 {
        let v = engine
            .call(make.get(), Value::UNDEFINED, &[Value::number(i as f64)])
            .unwrap();
        let g = engine.global(v);
        if i % 1000 == 0 {
            // Every thousandth handle is kept to the end; the rest die.
            kept.push((i, g));
        }
    }
    // No kept value dangles: each still reads back as built.
    for (i, g) in &kept {
        let o = g.get().as_object().expect("object");
        let s = engine.vm().key("s");
        let got = engine.vm().get_prop(o, s).unwrap();
        assert_eq!(
            engine.to_rust_string(got).unwrap(),
            format!("v{i}"),
            "handle {i} dangles"
        );
    }
    assert_eq!(
        engine.vm().roots.live_roots(),
        roots_before + kept.len(),
        "dropped handles are released"
    );
    drop(kept);
    assert_eq!(engine.vm().roots.live_roots(), roots_before);
    let end = live_after_gc(&mut engine);
    // Back to the start, give or take interned names and cached shapes.
    assert!(
        end <= start + 16 * 1024,
        "heap grew from {start} to {end} bytes"
    );
}

#[test]
fn weak_handles_clear_when_the_value_dies() {
    let mut engine = Engine::new();
    engine
        .eval(
            "globalThis.make = i => ({ i, big: new Array(50).fill(i) })",
            "w.js",
        )
        .unwrap();
    let make = engine.get_global("make").unwrap();
    let make = engine.global(make);
    let mut weak = Vec::new();
    let mut strong = Vec::new();
    for i in 0..200 {
        let v = engine
            .call(make.get(), Value::UNDEFINED, &[Value::number(i as f64)])
            .unwrap();
        weak.push(engine.weak(v));
        if i % 2 == 0 {
            strong.push(engine.global(v));
        }
    }
    engine.collect_garbage();
    // Kept ones survive and read back; the others are gone. (A stale copy
    // on the Rust stack may pin one or two: the scan is conservative.)
    let alive = weak.iter().filter(|w| w.get().is_some()).count();
    assert!((100..=103).contains(&alive), "{alive} alive");
    for (k, w) in weak.iter().enumerate().step_by(2) {
        let g = w.upgrade().expect("kept alive by its Global");
        assert_eq!(g.get(), strong[k / 2].get());
    }
    drop(strong);
    engine.collect_garbage();
    let alive = weak.iter().filter(|w| w.get().is_some()).count();
    assert!(alive <= 3, "{alive} alive after the Globals were dropped");
    // Numbers are not cells: a weak handle to one never clears.
    let n = engine.weak(Value::number(1.5));
    engine.collect_garbage();
    assert_eq!(n.get().and_then(|v| v.as_number()), Some(1.5));
}

#[test]
fn closures_capture_rust_state_and_host_data() {
    struct Db {
        rows: RefCell<Vec<String>>,
    }
    let mut engine = Engine::new();
    engine.set_host_data(Db {
        rows: RefCell::new(Vec::new()),
    });
    engine.define_closure("insert", 1, |vm, _this, args| {
        let s = vm.to_rust_string(args.get(0))?;
        let db = vm.host_data::<Db>().expect("host data");
        db.rows.borrow_mut().push(s);
        let n = db.rows.borrow().len();
        Ok(Value::number(n as f64))
    });
    let r = engine
        .eval(
            "insert('a'); insert.call(null, 'b'); Reflect.apply(insert, 1, ['c']); \
             insert.bind(null, 'd')(); [1].map(insert).length; \
             try { new insert('e'); 'constructed' } catch (e) { e.constructor.name }",
            "db.js",
        )
        .unwrap();
    assert_eq!(engine.to_rust_string(r).unwrap(), "TypeError");
    let db = engine.host_data::<Db>().unwrap();
    assert_eq!(*db.rows.borrow(), ["a", "b", "c", "d", "1"]);
}

#[test]
fn async_functions_settle_through_poll_tasks() {
    // A future the host completes by hand: a shared slot it watches.
    let slot: Rc<RefCell<Option<f64>>> = Rc::new(RefCell::new(None));
    let mut engine = Engine::new();
    let s = slot.clone();
    engine.define_async_function("wait", 0, move |_vm, _this, _args| {
        let s = s.clone();
        let f: HostFuture = Box::pin(std::future::poll_fn(move |_cx| match *s.borrow() {
            Some(v) => Poll::Ready(settle(move |_vm| Ok(Value::number(v)))),
            None => Poll::Pending,
        }));
        Ok(f)
    });
    engine
        .eval(
            "globalThis.got = 'none'; wait().then(v => { globalThis.got = v; })",
            "w.js",
        )
        .unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    assert!(engine.has_pending_tasks());
    assert!(engine.poll_tasks(&mut cx).is_pending());
    *slot.borrow_mut() = Some(7.0);
    assert!(matches!(engine.poll_tasks(&mut cx), Poll::Ready(Ok(1))));
    assert!(!engine.has_pending_tasks());
    let got = engine.get_global("got").unwrap();
    assert_eq!(got.as_number(), Some(7.0));
}

#[test]
fn rejections_follow_nodes_model() {
    let mut engine = Engine::new();
    engine
        .eval(
            "globalThis.late = Promise.reject(new Error('late')); \
             Promise.reject(1).catch(() => {}); \
             new Promise((_, rej) => rej('never handled'));",
            "r.js",
        )
        .unwrap();
    // Handled in the same turn: not reported. The other two are, in order.
    let events = engine.take_rejections();
    let reasons: Vec<String> = events
        .iter()
        .map(|r| {
            assert_eq!(r.event, RejectionEvent::Unhandled);
            let v = r.reason.get();
            engine.to_rust_string(v).unwrap()
        })
        .collect();
    assert_eq!(reasons, ["Error: late", "never handled"]);
    // A handler added after the report: one Handled event.
    engine.eval("late.catch(() => {})", "h.js").unwrap();
    let events = engine.take_rejections();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event, RejectionEvent::Handled);
    assert!(engine.take_rejections().is_empty());
}
