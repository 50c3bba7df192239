//! Generator objects, %GeneratorFunction% and %AsyncFunction%
//! (#sec-generator-objects, #sec-async-function-objects).

use crate::builtins::fundamental::function::create_dynamic_function;
use crate::builtins::{link_constructor, method, native_function};
use crate::compiler::DynamicKind;
use crate::function::Args;
use crate::interp::call::{GenKind, GenState, GeneratorData};
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    let fctor = vm.intrinsic(Intrinsic::Function);
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);

    // %GeneratorFunction.prototype% and %GeneratorPrototype%
    let gfp = vm.new_object_with(Some(fp), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::GeneratorFunctionPrototype, gfp);
    let gp = vm.new_object_with(Some(ip), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::GeneratorPrototype, gp);
    let pk = vm.names.prototype;
    vm.define_builtin(gfp, pk, Value::object(gp), Attrs::CONFIGURABLE_ONLY);
    let ck = vm.names.constructor;
    vm.define_builtin(gp, ck, Value::object(gfp), Attrs::CONFIGURABLE_ONLY);
    method(vm, gp, "next", 1, next);
    method(vm, gp, "return", 1, return_);
    method(vm, gp, "throw", 1, throw);
    let t = vm.new_string("Generator");
    vm.define_builtin(gp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let t = vm.new_string("GeneratorFunction");
    vm.define_builtin(gfp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let gf = native_function(
        vm,
        "GeneratorFunction",
        1,
        |vm, _, a, nt| create_dynamic_function(vm, a, nt, DynamicKind::Generator),
        true,
    );
    gf.set_proto_raw(Some(fctor));
    vm.realm.set_intrinsic(Intrinsic::GeneratorFunction, gf);
    vm.define_builtin(gf, pk, Value::object(gfp), Attrs::NONE);
    vm.define_builtin(gfp, ck, Value::object(gf), Attrs::CONFIGURABLE_ONLY);

    // %AsyncFunction.prototype%
    let afp = vm.new_object_with(Some(fp), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::AsyncFunctionPrototype, afp);
    let t = vm.new_string("AsyncFunction");
    vm.define_builtin(afp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let af = native_function(
        vm,
        "AsyncFunction",
        1,
        |vm, _, a, nt| create_dynamic_function(vm, a, nt, DynamicKind::Async),
        true,
    );
    af.set_proto_raw(Some(fctor));
    vm.realm.set_intrinsic(Intrinsic::AsyncFunction, af);
    link_constructor(vm, af, afp);
    vm.define_builtin(afp, ck, Value::object(af), Attrs::CONFIGURABLE_ONLY);
    vm.define_builtin(af, pk, Value::object(afp), Attrs::NONE);
}

/// GeneratorValidate + GeneratorResume for `next` / `return` / `throw`.
fn resume(vm: &mut Vm, this: Value, v: Value, kind: u8) -> JsResult<Value> {
    let Some(g) = this.as_object().filter(|o| {
        o.class
            .data::<GeneratorData>()
            .is_some_and(|d| d.kind == GenKind::Sync)
    }) else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    let Some(d) = g.class.data::<GeneratorData>() else {
        return Ok(Value::UNDEFINED);
    };
    match d.state.get() {
        GenState::Executing => Err(vm.type_error("Generator is already running")),
        GenState::Completed => match kind {
            0 => Ok(vm.create_iter_result(Value::UNDEFINED, true)),
            1 => Err(Exception::Throw(v)),
            _ => Ok(vm.create_iter_result(v, true)),
        },
        _ => {
            let (r, _done) = vm.resume_generator(g, v, kind)?;
            Ok(r)
        }
    }
}

fn next(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    resume(vm, this, args.get(0), 0)
}
fn return_(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    resume(vm, this, args.get(0), 2)
}
fn throw(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    resume(vm, this, args.get(0), 1)
}
