//! `import()` and `import.meta`.

use crate::builtins::{captures_of, native_closure, promise};
use crate::function::Args;
use crate::gc::Gc;
use crate::module::ModuleRecord;
use crate::object::Attrs;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};

impl Vm {
    /// `import.meta` for the module record in `module` (created once).
    pub(crate) fn import_meta(&mut self, module: Value) -> JsResult<Value> {
        if !module.is_cell() {
            return Err(self.syntax_error("Cannot use 'import.meta' outside a module"));
        }
        // SAFETY: ImportMeta's constant is the module record cell.
        let m: Gc<ModuleRecord> = unsafe { module.as_cell() };
        if let Some(o) = m.meta.get() {
            return Ok(Value::object(o));
        }
        let o = self.new_object_with(None, crate::object::ObjectClass::Ordinary);
        let url = if m.path.starts_with('/') {
            format!("file://{}", m.path)
        } else {
            m.path.clone()
        };
        let uk = self.key("url");
        let uv = self.new_string(&url);
        self.define_builtin(o, uk, uv, Attrs::DEFAULT);
        m.meta.set(Some(o));
        Ok(Value::object(o))
    }

    /// `import(specifier)`: a promise for the module's namespace. Loading,
    /// linking and evaluation happen in a job, after the current code.
    pub(crate) fn import_call(&mut self, fi: usize, spec: Value, _opts: Value) -> JsResult<Value> {
        let p = promise::new_promise(self);
        let referrer = self
            .frames
            .get(fi)
            .and_then(|f| f.code.source)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let spec_s = match self.to_string(spec) {
            Ok(s) => s,
            Err(Exception::Throw(e)) => {
                promise::reject_promise_value(self, p, e)?;
                return Ok(p);
            }
            Err(t) => return Err(t),
        };
        let r = self.new_string(&referrer);
        let job = native_closure(
            self,
            "",
            0,
            dynamic_import_job,
            vec![p, Value::string(spec_s), r],
        );
        self.enqueue_call(Value::object(job), Value::UNDEFINED, Vec::new());
        Ok(p)
    }
}

fn dynamic_import_job(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let caps = vm.native_callee.map(captures_of).unwrap_or_default();
    let (p, spec, referrer) = match caps.as_slice() {
        [p, s, r] => (*p, *s, *r),
        _ => return Ok(Value::UNDEFINED),
    };
    let spec = spec
        .as_string()
        .map(|s| s.to_rust_string())
        .unwrap_or_default();
    let referrer = referrer
        .as_string()
        .map(|s| s.to_rust_string())
        .unwrap_or_default();
    let result = vm
        .load_module_graph(&spec, &referrer)
        .and_then(|m| vm.link_module(m).map(|_| m))
        .and_then(|m| vm.evaluate_module(m).map(|_| m));
    match result {
        Ok(m) => {
            let ns = vm.module_namespace(m);
            promise::resolve_promise_value(vm, p, Value::object(ns))?;
        }
        Err(Exception::Throw(e)) => promise::reject_promise_value(vm, p, e)?,
        Err(t) => return Err(t),
    }
    Ok(Value::UNDEFINED)
}
