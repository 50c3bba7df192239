//! Describing the frames on the stack, for `err.stack`.

use crate::object::ObjectClass;
use crate::vm::Vm;

impl Vm {
    /// "name (file:line:col)" for up to `limit` frames, innermost first.
    pub fn frame_descriptions(&self, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        for f in self.frames.iter().rev().take(limit) {
            let code = f.code;
            let name = code
                .name
                .as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            let callee_name = self
                .stack
                .get(f.base)
                .and_then(|v| v.as_object())
                .and_then(|o| match &o.class {
                    ObjectClass::Function(_) => {
                        let nk = self.names.name;
                        o.get_own_data(nk)
                            .and_then(|v| v.as_string())
                            .map(|s| s.to_rust_string())
                    }
                    _ => None,
                });
            let name = callee_name.filter(|n| !n.is_empty()).unwrap_or(name);
            let loc = match (code.source, code.position_of(f.pc as u32)) {
                (Some(src), Some(off)) => {
                    let (l, c) = src.line_col(off);
                    format!("{}:{}:{}", src.name, l, c)
                }
                (Some(src), None) => src.name.clone(),
                _ => "<anonymous>".into(),
            };
            if name.is_empty() || code.flags.is_script {
                out.push(loc);
            } else {
                out.push(format!("{name} ({loc})"));
            }
        }
        out
    }
}
