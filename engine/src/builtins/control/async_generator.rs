//! Async generators (#sec-asyncgenerator-objects): not implemented yet;
//! the prototypes exist so that async generator functions can be created.

use crate::builtins::fundamental::function::create_dynamic_function;
use crate::builtins::native_function;
use crate::compiler::DynamicKind;
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
    let aip = vm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    let fctor = vm.intrinsic(Intrinsic::Function);
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    let agfp = vm.new_object_with(Some(fp), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::AsyncGeneratorFunctionPrototype, agfp);
    let agp = vm.new_object_with(Some(aip), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::AsyncGeneratorPrototype, agp);
    let pk = vm.names.prototype;
    let ck = vm.names.constructor;
    vm.define_builtin(agfp, pk, Value::object(agp), Attrs::CONFIGURABLE_ONLY);
    vm.define_builtin(agp, ck, Value::object(agfp), Attrs::CONFIGURABLE_ONLY);
    let t = vm.new_string("AsyncGenerator");
    vm.define_builtin(agp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let t = vm.new_string("AsyncGeneratorFunction");
    vm.define_builtin(agfp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let f = native_function(
        vm,
        "AsyncGeneratorFunction",
        1,
        |vm, _, a, nt| create_dynamic_function(vm, a, nt, DynamicKind::AsyncGenerator),
        true,
    );
    f.set_proto_raw(Some(fctor));
    vm.realm.set_intrinsic(Intrinsic::AsyncGeneratorFunction, f);
    vm.define_builtin(f, pk, Value::object(agfp), Attrs::NONE);
    vm.define_builtin(agfp, ck, Value::object(f), Attrs::CONFIGURABLE_ONLY);
}

/// Resume an async generator after an `await` settles.
pub fn resume_after_await(vm: &mut Vm, g: Gc<JsObject>, v: Value, kind: u8) -> JsResult<()> {
    vm.resume_generator(g, v, kind).map(|_| ())
}
