//! Node-style formatting of values (`util.inspect`), as console.log uses it.

use crate::gc::{Gc, RootedVec};
use crate::object::{JsObject, ObjectClass, PropertyKey, Slot};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

#[derive(Clone)]
pub struct InspectOptions {
    pub depth: usize,
    pub show_hidden: bool,
    pub break_length: usize,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            depth: 2,
            show_hidden: false,
            break_length: 80,
        }
    }
}

struct Ctx<'o> {
    opts: &'o InspectOptions,
    /// Objects being formatted (getters run while they are listed).
    seen: RootedVec<Gc<JsObject>>,
    circular: RootedVec<Gc<JsObject>>,
    indent: usize,
}

/// Format `v` as Node's util.inspect would.
pub fn inspect(vm: &mut Vm, v: Value, opts: &InspectOptions) -> JsResult<String> {
    let mut ctx = Ctx {
        opts,
        seen: vm.rooted_vec(),
        circular: vm.rooted_vec(),
        indent: 0,
    };
    let body = format_value(vm, &mut ctx, v, 0, true)?;
    if let Some(o) = v.as_object() {
        if ctx.circular.contains(&o) {
            return Ok(format!("<ref *1> {body}"));
        }
    }
    Ok(body)
}

/// JSON text for `%j` (uses the realm's JSON.stringify when present).
pub fn json(vm: &mut Vm, v: Value) -> JsResult<String> {
    let g = vm.realm.global;
    let jk = vm.key("JSON");
    let j = vm.get_prop(g, jk)?;
    if let Some(jo) = j.as_object() {
        let sk = vm.key("stringify");
        let f = vm.get_prop(jo, sk)?;
        if crate::object::class::value_is_callable(f) {
            return match vm.call(f, j, &[v]) {
                Ok(r) if r.is_undefined() => Ok("undefined".into()),
                Ok(r) => vm.to_rust_string(r),
                Err(_) => Ok("[Circular]".into()),
            };
        }
    }
    inspect(vm, v, &InspectOptions::default())
}

fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    cs.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

fn format_key(k: PropertyKey) -> String {
    match k {
        PropertyKey::Index(i) => format!("'{i}'"),
        PropertyKey::String(s) => {
            let s = s.to_rust_string();
            if is_identifier(&s) {
                s
            } else {
                quote(&s)
            }
        }
        PropertyKey::Symbol(s) => format!(
            "[{}]",
            crate::builtins::fundamental::symbol::descriptive_string(&s)
        ),
    }
}

fn format_primitive(vm: &mut Vm, v: Value, top: bool) -> String {
    if let Some(n) = v.as_number() {
        if n == 0.0 && n.is_sign_negative() {
            return "-0".into();
        }
        return crate::ops::conversion::number_to_string(n);
    }
    if let Some(s) = v.as_string() {
        let s = s.to_rust_string();
        return if top { s } else { quote(&s) };
    }
    if let Some(b) = v.as_bigint() {
        return format!("{}n", b.value);
    }
    if let Some(s) = v.as_symbol() {
        return crate::builtins::fundamental::symbol::descriptive_string(&s);
    }
    vm.debug_str(v)
}

/// The constructor name from the prototype chain (no user code runs).
fn constructor_name(vm: &Vm, o: Gc<JsObject>) -> Option<String> {
    let ck = vm.names.constructor;
    let nk = vm.names.name;
    let mut cur = o.proto();
    let mut first = true;
    let _ = &mut first;
    while let Some(p) = cur {
        if let Some(c) = p.get_own_data(ck).and_then(|c| c.as_object()) {
            if let Some(n) = c.get_own_data(nk).and_then(|n| n.as_string()) {
                let n = n.to_rust_string();
                if !n.is_empty() {
                    return Some(n);
                }
            }
        }
        cur = p.proto();
    }
    None
}

fn function_base(vm: &Vm, o: Gc<JsObject>) -> String {
    let nk = vm.names.name;
    let name = o
        .get_own_data(nk)
        .and_then(|n| n.as_string())
        .map(|s| s.to_rust_string())
        .unwrap_or_default();
    let is_class = matches!(&o.class, ObjectClass::Function(c) if c.code.flags.class_constructor);
    if is_class {
        let ext = o.proto().and_then(|p| {
            let n = p
                .get_own_data(nk)
                .and_then(|n| n.as_string())
                .map(|s| s.to_rust_string())?;
            if n.is_empty() {
                None
            } else {
                Some(n)
            }
        });
        let base = if name.is_empty() {
            "[class (anonymous)".to_string()
        } else {
            format!("[class {name}")
        };
        return match ext {
            Some(e) if p_is_function(o) => format!("{base} extends {e}]"),
            _ => format!("{base}]"),
        };
    }
    let kind = match &o.class {
        ObjectClass::Function(c) if c.code.flags.generator && c.code.flags.is_async => {
            "AsyncGeneratorFunction"
        }
        ObjectClass::Function(c) if c.code.flags.generator => "GeneratorFunction",
        ObjectClass::Function(c) if c.code.flags.is_async => "AsyncFunction",
        _ => "Function",
    };
    if name.is_empty() {
        format!("[{kind} (anonymous)]")
    } else {
        format!("[{kind}: {name}]")
    }
}

fn p_is_function(o: Gc<JsObject>) -> bool {
    o.proto().is_some_and(|p| p.is_callable())
}

fn format_value(vm: &mut Vm, ctx: &mut Ctx, v: Value, depth: usize, top: bool) -> JsResult<String> {
    let Some(o) = v.as_object() else {
        return Ok(format_primitive(vm, v, top));
    };
    if ctx.seen.contains(&o) {
        if !ctx.circular.contains(&o) {
            ctx.circular.push(o);
        }
        return Ok("[Circular *1]".into());
    }
    // Errors print their stack.
    if matches!(o.class, ObjectClass::Error) {
        if let Some(s) = vm.error_stack_text(o) {
            return Ok(if depth > 0 {
                format!("[{s}]").replace('\n', &format!("\n{}", " ".repeat(ctx.indent)))
            } else {
                s
            });
        }
    }
    let is_array = o.is_array_exotic();
    let (prefix, open, close) = if is_array {
        (String::new(), "[", "]")
    } else if o.is_callable() {
        (function_base(vm, o), "{", "}")
    } else {
        let name = constructor_name(vm, o);
        let pfx = match (&o.class, name.as_deref()) {
            (_, None) if o.proto().is_none() => "[Object: null prototype]".to_string(),
            (ObjectClass::Number(n), _) => format!(
                "[Number: {}]",
                format_primitive(vm, Value::number(*n), false)
            ),
            (ObjectClass::String(s), _) => format!("[String: {}]", quote(&s.to_rust_string())),
            (ObjectClass::Boolean(b), _) => format!("[Boolean: {b}]"),
            (ObjectClass::Symbol(s), _) => format!(
                "[Symbol: {}]",
                crate::builtins::fundamental::symbol::descriptive_string(s)
            ),
            (ObjectClass::UnmappedArguments | ObjectClass::Arguments(_), _) => {
                "[Arguments]".to_string()
            }
            (ObjectClass::Data(d), _) if d.class_name() == "Promise" => "Promise".to_string(),
            (_, Some("Object")) => String::new(),
            (_, Some(n)) => n.to_string(),
            (_, None) => String::new(),
        };
        (pfx, "{", "}")
    };
    let keys = o.own_keys_raw();
    let mut entries: Vec<String> = Vec::new();
    let nk = vm.names.name;
    let lk = vm.names.length;
    if depth > ctx.opts.depth {
        return Ok(if is_array {
            "[Array]".into()
        } else if o.is_callable() {
            prefix
        } else if prefix.is_empty() {
            "[Object]".into()
        } else {
            format!("[{prefix}]")
        });
    }
    ctx.seen.push(o);
    ctx.indent += 2;
    if is_array {
        let len = o.array_data().map_or(0, |a| a.length.get());
        let mut holes = 0u32;
        let mut shown = 0;
        let mut i = 0u32;
        while i < len {
            if shown >= 100 {
                break;
            }
            match o.get_own_raw(PropertyKey::Index(i)) {
                Some(p) => {
                    if holes > 0 {
                        entries.push(format!(
                            "<{holes} empty item{}>",
                            if holes == 1 { "" } else { "s" }
                        ));
                        holes = 0;
                        shown += 1;
                    }
                    entries.push(format_slot(vm, ctx, p.slot, depth)?);
                    shown += 1;
                }
                None => holes += 1,
            }
            i += 1;
        }
        if holes > 0 {
            entries.push(format!(
                "<{holes} empty item{}>",
                if holes == 1 { "" } else { "s" }
            ));
        }
        if i < len {
            let more = len - i;
            entries.push(format!(
                "... {more} more item{}",
                if more == 1 { "" } else { "s" }
            ));
        }
        if ctx.opts.show_hidden {
            entries.push(format!("[length]: {len}"));
        }
    }
    for k in keys {
        if is_array && matches!(k, PropertyKey::Index(_)) {
            continue;
        }
        if o.is_callable() && (k == nk || k == lk || k == vm.names.prototype) {
            continue;
        }
        let Some(p) = o.get_own_raw(k) else { continue };
        if !p.attrs.enumerable() && !ctx.opts.show_hidden {
            continue;
        }
        let key = format_key(k);
        let val = format_slot(vm, ctx, p.slot, depth)?;
        entries.push(format!("{key}: {val}"));
    }
    ctx.indent -= 2;
    ctx.seen.pop();
    if entries.is_empty() {
        if is_array {
            return Ok("[]".into());
        }
        if o.is_callable() {
            return Ok(prefix);
        }
        return Ok(if prefix.is_empty() {
            "{}".into()
        } else {
            format!("{prefix} {{}}")
        });
    }
    let start = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix} ")
    };
    let total: usize =
        entries.iter().map(|e| e.len() + 2).sum::<usize>() + start.len() + ctx.indent;
    let multiline = entries.iter().any(|e| e.contains('\n'));
    if !multiline
        && total + 4 <= ctx.opts.break_length
        && (entries.len() <= 6 || !is_array || total <= 72)
    {
        return Ok(format!("{start}{open} {} {close}", entries.join(", ")));
    }
    if is_array && !multiline && entries.len() > 6 {
        return Ok(format!(
            "{start}{open}\n{}\n{}{close}",
            group_array(&entries, ctx.indent + 2, ctx.opts.break_length),
            " ".repeat(ctx.indent)
        ));
    }
    let pad = " ".repeat(ctx.indent + 2);
    let body = entries
        .iter()
        .map(|e| format!("{pad}{e}"))
        .collect::<Vec<_>>()
        .join(",\n");
    Ok(format!(
        "{start}{open}\n{body}\n{}{close}",
        " ".repeat(ctx.indent)
    ))
}

/// Node groups long arrays of short items into aligned columns.
fn group_array(entries: &[String], indent: usize, break_length: usize) -> String {
    let max_len = entries.iter().map(|e| e.len()).max().unwrap_or(1) + 2;
    let total: usize = entries.iter().map(|e| e.len() + 2).sum();
    let actual_max = max_len;
    let approx_chars = 2.5;
    let average_bias = (actual_max as f64 - total as f64 / entries.len() as f64).sqrt();
    let bias = average_bias.max(1.0);
    let columns = ((approx_chars * bias * entries.len() as f64).sqrt() / bias)
        .round()
        .min(((break_length - indent) as f64 / actual_max as f64).floor())
        .min(15.0)
        .min(4.0 * approx_chars * 4.0)
        .max(1.0) as usize;
    let mut widths = vec![0usize; columns];
    for (i, e) in entries.iter().enumerate() {
        let c = i % columns;
        widths[c] = widths[c].max(e.len());
    }
    let numeric = entries
        .iter()
        .all(|e| e.parse::<f64>().is_ok() || e.ends_with('n'));
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    for row in entries.chunks(columns) {
        let mut line = String::new();
        for (c, e) in row.iter().enumerate() {
            let last = c + 1 == row.len();
            let cell = if last { e.clone() } else { format!("{e},") };
            let w = widths[c] + 1;
            if last {
                if numeric {
                    line.push_str(&format!("{:>w$}", e, w = widths[c]));
                } else {
                    line.push_str(e);
                }
            } else if numeric {
                line.push_str(&format!("{:>w$} ", cell, w = w));
            } else {
                line.push_str(&format!("{:<w$} ", cell, w = w));
            }
        }
        lines.push(format!("{pad}{}", line.trim_end()));
    }
    lines.join(",\n")
}

fn format_slot(vm: &mut Vm, ctx: &mut Ctx, slot: Slot, depth: usize) -> JsResult<String> {
    match slot {
        Slot::Data(v) => format_value(vm, ctx, v, depth + 1, false),
        Slot::Accessor { get, set } => Ok(match (get.is_undefined(), set.is_undefined()) {
            (false, false) => "[Getter/Setter]".into(),
            (false, true) => "[Getter]".into(),
            (true, false) => "[Setter]".into(),
            (true, true) => "undefined".into(),
        }),
    }
}
