//! Language feature tests: each `tests/js/*.js` file runs in a fresh
//! engine; `// expect: <value>` lines list the expected `print` output.
//! The files cover one feature each (destructuring, classes, generators…).

use lode_engine::function::Args;
use lode_engine::{Engine, JsResult, Value, Vm};
use std::cell::RefCell;

thread_local! {
    static OUT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn print(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let parts: Vec<String> = args
        .as_slice()
        .iter()
        .map(|v| vm.to_rust_string(*v))
        .collect::<Result<_, _>>()?;
    OUT.with(|o| o.borrow_mut().push(parts.join(" ")));
    Ok(Value::UNDEFINED)
}

fn run_file(path: &std::path::Path) -> Result<(), String> {
    let src = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let expected: Vec<String> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("// expect: ").map(|s| s.to_string()))
        .collect();
    OUT.with(|o| o.borrow_mut().clear());
    let mut engine = Engine::new();
    engine.define_function("print", 1, print);
    engine
        .eval(&src, &path.display().to_string())
        .map_err(|e| format!("{e}"))?;
    let got = OUT.with(|o| o.borrow().clone());
    if got != expected {
        return Err(format!("expected {expected:?}\n     got {got:?}"));
    }
    Ok(())
}

#[test]
fn language_features() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/js")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    // The engine recurses on the native stack for native → JS calls: run on
    // a thread with a generous stack, as the CLI does.
    let handle = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            for f in &files {
                if let Err(e) = run_file(f) {
                    failures.push(format!("{}: {e}", f.display()));
                }
            }
            failures
        })
        .expect("thread");
    let failures = handle.join().expect("join");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
