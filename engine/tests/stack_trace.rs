//! Stack traces against V8's: each script in `tests/stack_trace/` is run
//! and its output compared with `NAME.node20.txt`, the output node 20
//! printed for the same script (paths made relative). The scripts keep to
//! frames below the host's (node wraps a file in a CommonJS function, so
//! its top-level frame reads `Object.<anonymous>`), and report through
//! `globalThis.result`.

use lode_engine::Engine;
use std::path::Path;

fn run_case(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stack_trace");
    let src = std::fs::read_to_string(dir.join(format!("{name}.js"))).expect("script");
    let expected =
        std::fs::read_to_string(dir.join(format!("{name}.node20.txt"))).expect("node output");
    let mut engine = Engine::new();
    engine
        .eval(&src, &format!("{name}.js"))
        .unwrap_or_else(|e| panic!("{name}.js: {e}\n{}", e.stack.clone().unwrap_or_default()));
    let result = engine.get_global("result").expect("result");
    let got = engine.to_rust_string(result).expect("ToString");
    // console.log ended node's output with one newline.
    let expected = expected.strip_suffix('\n').unwrap_or(&expected);
    if got != expected {
        let mut first = None;
        for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
            if g != e {
                first = Some(format!("line {}:\n  lode: {g}\n  node: {e}", i + 1));
                break;
            }
        }
        panic!(
            "{name}.js differs from node 20 ({}):\n--- lode\n{got}\n--- node\n{expected}",
            first.unwrap_or_else(|| "line count".into())
        );
    }
}

#[test]
fn default_format_matches_node() {
    run_case("default_format");
}

#[test]
fn call_sites_match_node() {
    run_case("call_sites");
}

#[test]
fn capture_stack_trace_matches_node() {
    run_case("capture");
}

#[test]
fn stack_trace_limit_matches_node() {
    run_case("limit");
}

#[test]
fn stack_is_formatted_lazily_as_in_node() {
    run_case("lazy");
}

#[test]
fn async_frames_match_node() {
    run_case("async_frames");
}

/// The host API: call sites seen from a native function, as plain data.
#[test]
fn call_sites_for_hosts() {
    use std::cell::RefCell;
    thread_local! {
        static SEEN: RefCell<Vec<lode_engine::CallSiteInfo>> = const { RefCell::new(Vec::new()) };
    }
    fn probe(
        vm: &mut lode_engine::Vm,
        _this: lode_engine::Value,
        _args: lode_engine::function::Args,
        _nt: lode_engine::Value,
    ) -> lode_engine::JsResult<lode_engine::Value> {
        let sites = vm.call_sites(10);
        SEEN.with(|s| *s.borrow_mut() = sites);
        Ok(lode_engine::Value::UNDEFINED)
    }
    let mut engine = Engine::new();
    engine.define_function("probe", 0, probe);
    engine
        .eval(
            "function Outer() { [1].forEach(function each() { probe(); }); }\nnew Outer();",
            "host.js",
        )
        .expect("script runs");
    let seen = SEEN.with(|s| s.borrow().clone());
    let texts: Vec<&str> = seen.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "each (host.js:1:50)",
            "Array.forEach (<anonymous>)",
            "new Outer (host.js:1:24)",
            "host.js:2:1"
        ]
    );
    assert_eq!(seen[0].function_name.as_deref(), Some("each"));
    assert_eq!(seen[0].file_name.as_deref(), Some("host.js"));
    assert_eq!((seen[0].line, seen[0].column), (Some(1), Some(50)));
    assert!(seen[1].is_native && seen[1].line.is_none());
    assert_eq!(seen[1].type_name.as_deref(), Some("Array"));
    assert!(seen[2].is_constructor);
    assert!(seen[3].is_toplevel && seen[3].function_name.is_none());
    assert!(engine.call_sites(10).is_empty());
}

/// A promise whose only reaction's derived promise is itself (a species
/// constructor can return any object): looking for async callers must
/// stop.
#[test]
fn async_walk_ends_on_a_promise_cycle() {
    let mut engine = Engine::new();
    let src = r#"
        async function a() { await null; globalThis.result = new Error('cyc').stack; }
        const P = a();
        P.constructor = { [Symbol.species]: function (ex) { ex(() => {}, () => {}); return P; } };
        Promise.prototype.then.call(P, () => {});
    "#;
    engine.eval(src, "cycle.js").expect("script runs");
    let result = engine.get_global("result").expect("result");
    let got = engine.to_rust_string(result).expect("ToString");
    assert_eq!(got, "Error: cyc\n    at a (cycle.js:2:62)");
}
