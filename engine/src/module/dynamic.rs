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
    pub(crate) fn import_call(&mut self, fi: usize, spec: Value, opts: Value) -> JsResult<Value> {
        let p = promise::new_promise(self);
        // The referrer is the script or module running; direct eval code
        // belongs to its caller's.
        let referrer = self.frames[..=fi.min(self.frames.len().saturating_sub(1))]
            .iter()
            .rev()
            .filter_map(|f| f.code.source)
            .map(|s| s.name.clone())
            .find(|n| n != "eval")
            .unwrap_or_default();
        // EvaluateImportCall: specifier, then options; abrupt completions
        // reject the promise.
        let checked = self
            .to_string(spec)
            .and_then(|s| self.import_attributes(opts).map(|_| s));
        let spec_s = match checked {
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

impl Vm {
    /// EvaluateImportCall steps 10-11: validate `import(x, options)`'s
    /// options and its `with` attributes (values must be strings; only
    /// `type` is a supported key).
    fn import_attributes(&mut self, opts: Value) -> JsResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        if opts.is_undefined() {
            return Ok(out);
        }
        let Some(o) = opts.as_object() else {
            return Err(self.type_error("The second argument of import() must be an object"));
        };
        let wk = self.key("with");
        let attrs = self.get(o, wk, opts)?;
        if attrs.is_undefined() {
            return Ok(out);
        }
        let Some(a) = attrs.as_object() else {
            return Err(self.type_error("The 'with' option of import() must be an object"));
        };
        let entries = crate::builtins::fundamental::object::enumerable_own_properties(
            self,
            a,
            crate::builtins::fundamental::object::EnumKind::Entries,
        )?;
        for e in entries {
            let Some(pair) = e.as_object() else { continue };
            let (k0, k1) = (self.index_key(0), self.index_key(1));
            let k = self.get_prop(pair, k0)?;
            let v = self.get_prop(pair, k1)?;
            if !v.is_string() {
                return Err(self.type_error("Import attribute values must be strings"));
            }
            let (k, v) = (self.to_rust_string(k)?, self.to_rust_string(v)?);
            out.push((k, v));
        }
        if let Some((k, _)) = out.iter().find(|(k, _)| k != "type") {
            return Err(self.syntax_error(&format!("Unsupported import attribute '{k}'")));
        }
        Ok(out)
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
