//! The test262 host: `print`, `$262`, and running one prepared test.

use crate::api::{describe_thrown, Engine};
use crate::builtins::{method, native_function, value};
use crate::function::Args;
use crate::gc::Gc;
use crate::host262::{Outcome, Phase, TestInput};
use crate::object::{Attrs, ObjectClass};
use crate::realm::Realm;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

/// Install `print` and `$262` into `realm`; returns the `$262` object.
pub fn install(vm: &mut Vm, realm: Gc<Realm>) -> Value {
    let saved = vm.realm;
    vm.realm = realm;
    let g = realm.global;
    let print = native_function(vm, "print", 1, print, false);
    value(vm, g, "print", Value::object(print), Attrs::HIDDEN);
    let d = vm.new_object();
    method(vm, d, "createRealm", 0, create_realm);
    method(vm, d, "evalScript", 1, eval_script);
    method(vm, d, "detachArrayBuffer", 1, detach_array_buffer);
    method(vm, d, "gc", 0, gc);
    value(vm, d, "global", Value::object(g), Attrs::HIDDEN);
    let agent = vm.new_object();
    crate::host262::agent::install_main(vm, agent);
    value(vm, d, "agent", Value::object(agent), Attrs::HIDDEN);
    value(vm, g, "$262", Value::object(d), Attrs::HIDDEN);
    realm.host_defined.set(Value::object(d));
    vm.realm = saved;
    Value::object(d)
}

fn print(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(args.get(0))?;
    match vm.print_hook.as_mut() {
        Some(h) => h(&s),
        None => println!("{s}"),
    }
    Ok(Value::UNDEFINED)
}

fn create_realm(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let r = vm.create_realm();
    Ok(install(vm, r))
}

fn eval_script(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let src = vm.to_rust_string(args.get(0))?;
    let code = crate::compiler::compile_script(vm, &src, "evalScript")?;
    let this = vm.realm.global_this;
    vm.run_code(code, this, None, Value::UNDEFINED)
}

fn detach_array_buffer(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    crate::builtins::structured::detach_array_buffer(vm, args.get(0))?;
    Ok(Value::NULL)
}

fn gc(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    vm.collect_garbage();
    Ok(Value::UNDEFINED)
}

/// Run one test262 test in a fresh engine.
pub fn run_test(input: &TestInput) -> Outcome {
    // Agents the test starts are stopped and joined when it ends.
    let _agents = crate::host262::agent::AgentsGuard::begin();
    let mut engine = Engine::new();
    let printed = Rc::new(RefCell::new(Vec::<String>::new()));
    {
        let vm = engine.vm();
        let sink = printed.clone();
        vm.print_hook = Some(Box::new(move |s: &str| {
            sink.borrow_mut().push(s.to_string())
        }));
        vm.limits.deadline = input.deadline;
        vm.host = Box::new(crate::host::module_loader::FsModuleHost);
        let realm = vm.realm;
        install(vm, realm);
    }
    let take = |p: &Rc<RefCell<Vec<String>>>| p.borrow().clone();
    for (name, src) in &input.preludes {
        if let Err(o) = run_script(&mut engine, src, name) {
            return with_printed(o, take(&printed));
        }
    }
    let name = input.path.display().to_string();
    let r = if input.module {
        run_module(&mut engine, &input.source, &name)
    } else {
        run_script(&mut engine, &input.source, &name)
    };
    if let Err(o) = r {
        return with_printed(o, take(&printed));
    }
    // Drain the job queue (async tests report through print).
    let vm = engine.vm();
    if let Err(e) = vm.run_jobs() {
        let o = thrown(vm, e, Phase::Runtime);
        return with_printed(o, take(&printed));
    }
    Outcome::Completed {
        printed: take(&printed),
    }
}

fn with_printed(o: Outcome, p: Vec<String>) -> Outcome {
    match o {
        Outcome::Threw {
            phase,
            error_name,
            message,
            ..
        } => Outcome::Threw {
            phase,
            error_name,
            message,
            printed: p,
        },
        other => other,
    }
}

fn thrown(vm: &mut Vm, e: Exception, phase: Phase) -> Outcome {
    match e {
        Exception::Terminate(_) => Outcome::Timeout,
        Exception::Throw(v) => {
            let d = describe_thrown(vm, v);
            Outcome::Threw {
                phase,
                error_name: d.name,
                message: d.message,
                printed: Vec::new(),
            }
        }
    }
}

fn run_script(engine: &mut Engine, src: &str, name: &str) -> Result<(), Outcome> {
    let vm = engine.vm();
    let code = match crate::compiler::compile_script(vm, src, name) {
        Ok(c) => c,
        Err(e) => return Err(thrown(vm, e, Phase::Parse)),
    };
    let this = vm.realm.global_this;
    match vm.run_code(code, this, None, Value::UNDEFINED) {
        Ok(_) => Ok(()),
        Err(e) => Err(thrown(vm, e, Phase::Runtime)),
    }
}

fn run_module(engine: &mut Engine, src: &str, name: &str) -> Result<(), Outcome> {
    let vm = engine.vm();
    let m = match crate::compiler::compile_module(vm, src, name) {
        Ok(m) => m,
        Err(e) => return Err(thrown(vm, e, Phase::Parse)),
    };
    vm.modules.insert(name.to_string(), m);
    let requests = m.requests.clone();
    for (i, spec) in requests.iter().enumerate() {
        match vm.load_module_graph(spec, name) {
            Ok(d) => m.resolved.borrow_mut()[i] = Some(d),
            Err(e) => return Err(thrown(vm, e, Phase::Parse)),
        }
    }
    if let Err(e) = vm.link_module(m) {
        return Err(thrown(vm, e, Phase::Resolution));
    }
    match vm.evaluate_module(m) {
        Ok(()) => Ok(()),
        Err(e) => Err(thrown(vm, e, Phase::Runtime)),
    }
}

#[allow(dead_code)]
fn unused(_: ObjectClass) {}
