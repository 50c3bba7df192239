//! The JSON object (#sec-json-object): JSON.parse (with the reviver's
//! source-text context, #sec-json.parse in the json-parse-with-source
//! proposal), JSON.stringify, JSON.rawJSON and JSON.isRawJSON.

use crate::builtins::fundamental::object::{enumerable_own_properties, EnumKind};
use crate::builtins::indexed::array::is_array;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, RootedVec, Trace, Tracer, ValueList};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::ops::conversion::number_to_string;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// The [[IsRawJSON]] internal slot.
struct RawJson;

impl Trace for RawJson {
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for RawJson {
    fn class_name(&self) -> &'static str {
        "RawJSON"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn is_raw_json_object(v: Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.class.data::<RawJson>().is_some())
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let json = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::JSON, json);
    method(vm, json, "isRawJSON", 1, is_raw_json);
    method(vm, json, "parse", 2, parse);
    method(vm, json, "rawJSON", 1, raw_json);
    method(vm, json, "stringify", 3, stringify);
    let tag = vm.new_string("JSON");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(json, tk, tag, Attrs::CONFIGURABLE_ONLY);
    crate::builtins::global_binding(vm, "JSON", Value::object(json));
}

// ---------------------------------------------------------------- parsing

/// A JSON Parse Record: the parsed value and its source text (primitives)
/// or the records of its elements/entries.
enum Record {
    Prim(Value, std::ops::Range<usize>),
    Array(Value, Vec<Record>),
    Object(Value, Vec<(Vec<u16>, Record)>),
}

impl Record {
    fn value(&self) -> Value {
        match self {
            Record::Prim(v, _) | Record::Array(v, _) | Record::Object(v, _) => *v,
        }
    }
    /// Every value of the record tree, into `keep` (the tree lives in the
    /// Rust heap while the reviver runs).
    fn root_all(&self, keep: &mut ValueList) {
        keep.push(self.value());
        match self {
            Record::Prim(..) => {}
            Record::Array(_, els) => els.iter().for_each(|r| r.root_all(keep)),
            Record::Object(_, es) => es.iter().for_each(|(_, r)| r.root_all(keep)),
        }
    }
}

struct Parser<'a> {
    s: &'a [u16],
    i: usize,
    depth: usize,
}

enum PErr {
    Syntax(String),
    Throw(crate::vm::Exception),
}

impl From<crate::vm::Exception> for PErr {
    fn from(e: crate::vm::Exception) -> Self {
        PErr::Throw(e)
    }
}

type PResult<T> = Result<T, PErr>;

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.s.get(self.i) {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                self.i += 1;
            } else {
                break;
            }
        }
    }
    fn err<T>(&self, what: &str) -> PResult<T> {
        Err(PErr::Syntax(format!(
            "JSON.parse: {what} at position {}",
            self.i
        )))
    }
    fn peek(&self) -> Option<u16> {
        self.s.get(self.i).copied()
    }
    fn lit(&mut self, word: &str) -> bool {
        let w: Vec<u16> = word.encode_utf16().collect();
        if self.s.get(self.i..self.i + w.len()) == Some(&w[..]) {
            self.i += w.len();
            true
        } else {
            false
        }
    }

    /// JSON text → value (+ record when `rec`).
    fn value(&mut self, vm: &mut Vm, rec: bool) -> PResult<Record> {
        // One tick per value: the limits can stop a huge parse.
        vm.tick()?;
        self.ws();
        let start = self.i;
        let Some(c) = self.peek() else {
            return self.err("unexpected end of input");
        };
        let prim = |v: Value, p: &Self| Record::Prim(v, start..p.i);
        match c {
            0x7B => self.object(vm, rec),
            0x5B => self.array(vm, rec),
            0x22 => {
                let units = self.string()?;
                let v = vm.new_string_utf16(&units);
                Ok(prim(v, self))
            }
            _ if self.lit("true") => Ok(prim(Value::TRUE, self)),
            _ if self.lit("false") => Ok(prim(Value::FALSE, self)),
            _ if self.lit("null") => Ok(prim(Value::NULL, self)),
            _ if c == b'-' as u16 || (b'0' as u16..=b'9' as u16).contains(&c) => {
                let n = self.number()?;
                Ok(prim(Value::number(n), self))
            }
            _ => self.err("unexpected character"),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| (b'0' as u16..=b'9' as u16).contains(&c))
        {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> PResult<f64> {
        let start = self.i;
        if self.peek() == Some(b'-' as u16) {
            self.i += 1;
        }
        match self.peek() {
            Some(0x30) => self.i += 1,
            Some(c) if (0x31..=0x39).contains(&c) => {
                self.digits();
            }
            _ => return self.err("bad number"),
        }
        if self.peek() == Some(b'.' as u16) {
            self.i += 1;
            if self.digits() == 0 {
                return self.err("bad number");
            }
        }
        if matches!(self.peek(), Some(0x65 | 0x45)) {
            self.i += 1;
            if matches!(self.peek(), Some(0x2B | 0x2D)) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.err("bad number");
            }
        }
        let text: String = self
            .s
            .get(start..self.i)
            .unwrap_or(&[])
            .iter()
            .map(|&u| u as u8 as char)
            .collect();
        Ok(text.parse::<f64>().unwrap_or(f64::NAN))
    }

    fn string(&mut self) -> PResult<Vec<u16>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return self.err("unterminated string");
            };
            self.i += 1;
            match c {
                0x22 => return Ok(out),
                0x5C => {
                    let Some(e) = self.peek() else {
                        return self.err("unterminated string");
                    };
                    self.i += 1;
                    let u = match e {
                        0x22 => 0x22,
                        0x5C => 0x5C,
                        0x2F => 0x2F,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v = 0u16;
                            for _ in 0..4 {
                                let d = self
                                    .peek()
                                    .and_then(|h| char::from_u32(h as u32))
                                    .and_then(|h| h.to_digit(16));
                                let Some(d) = d else {
                                    return self.err("bad unicode escape");
                                };
                                v = v * 16 + d as u16;
                                self.i += 1;
                            }
                            v
                        }
                        _ => return self.err("bad escape"),
                    };
                    out.push(u);
                }
                c if c < 0x20 => {
                    self.i -= 1;
                    return self.err("bad control character in string literal");
                }
                c => out.push(c),
            }
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > 4000 {
            return self.err("nesting too deep");
        }
        Ok(())
    }

    fn array(&mut self, vm: &mut Vm, rec: bool) -> PResult<Record> {
        self.enter()?;
        self.i += 1;
        let mut vals = Vec::new();
        let mut recs = Vec::new();
        self.ws();
        if self.peek() == Some(0x5D) {
            self.i += 1;
        } else {
            loop {
                let r = self.value(vm, rec)?;
                vals.push(r.value());
                if rec {
                    recs.push(r);
                }
                self.ws();
                match self.peek() {
                    Some(0x2C) => self.i += 1,
                    Some(0x5D) => {
                        self.i += 1;
                        break;
                    }
                    _ => return self.err("expected ',' or ']'"),
                }
            }
        }
        self.depth -= 1;
        let a = vm.create_array_from_list(&vals);
        Ok(Record::Array(Value::object(a), recs))
    }

    fn object(&mut self, vm: &mut Vm, rec: bool) -> PResult<Record> {
        self.enter()?;
        self.i += 1;
        let o = vm.new_object();
        let mut entries: Vec<(Vec<u16>, Record)> = Vec::new();
        self.ws();
        if self.peek() == Some(0x7D) {
            self.i += 1;
        } else {
            loop {
                self.ws();
                if self.peek() != Some(0x22) {
                    return self.err("expected property name");
                }
                let name = self.string()?;
                self.ws();
                if self.peek() != Some(0x3A) {
                    return self.err("expected ':'");
                }
                self.i += 1;
                let r = self.value(vm, rec)?;
                let ks = vm.heap.alloc_utf16(&name);
                let key = vm.key_from_string(ks);
                vm.create_data_property_or_throw(o, key, r.value())?;
                if rec {
                    // A later duplicate replaces the earlier entry.
                    entries.retain(|(k, _)| *k != name);
                    entries.push((name, r));
                }
                self.ws();
                match self.peek() {
                    Some(0x2C) => self.i += 1,
                    Some(0x7D) => {
                        self.i += 1;
                        break;
                    }
                    _ => return self.err("expected ',' or '}'"),
                }
            }
        }
        self.depth -= 1;
        Ok(Record::Object(Value::object(o), entries))
    }
}

/// Parse a complete JSON text.
fn parse_text(vm: &mut Vm, units: &[u16], rec: bool) -> JsResult<Record> {
    let mut p = Parser {
        s: units,
        i: 0,
        depth: 0,
    };
    let r = p.value(vm, rec).and_then(|r| {
        p.ws();
        if p.i < units.len() {
            p.err("unexpected data after JSON value")
        } else {
            Ok(r)
        }
    });
    match r {
        Ok(r) => Ok(r),
        Err(PErr::Throw(e)) => Err(e),
        Err(PErr::Syntax(m)) => Err(vm.syntax_error(&m)),
    }
}

/// ParseJSON ( text ) without a reviver: for JSON modules
/// (#sec-parse-json-module); a SyntaxError when `text` is not valid JSON.
pub fn parse_json_text(vm: &mut Vm, text: &[u16]) -> JsResult<Value> {
    Ok(parse_text(vm, text, false)?.value())
}

/// JSON.parse ( text [ , reviver ] ) (#sec-json.parse).
fn parse(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. Let jsonString be ? ToString(text).
    let s = vm.to_string(args.get(0))?;
    let units = s.to_utf16();
    let reviver = args.get(1);
    let callable = crate::object::class::value_is_callable(reviver);
    let record = parse_text(vm, &units, callable)?;
    let unfiltered = record.value();
    if !callable {
        return Ok(unfiltered);
    }
    let mut keep: ValueList = vm.rooted_vec();
    record.root_all(&mut keep);
    let root = vm.new_object();
    let empty = vm.key("");
    vm.create_data_property_or_throw(root, empty, unfiltered)?;
    internalize(vm, root, empty, reviver, Some(&record), &units)
}

/// InternalizeJSONProperty ( holder, name, reviver, parseRecord ).
fn internalize(
    vm: &mut Vm,
    holder: Gc<JsObject>,
    name: PropertyKey,
    reviver: Value,
    rec: Option<&Record>,
    src: &[u16],
) -> JsResult<Value> {
    // 1. Let val be ? Get(holder, name).
    let val = vm.get_prop(holder, name)?;
    // 2. context = OrdinaryObjectCreate(%Object.prototype%).
    let context = vm.new_object();
    let rec = rec.filter(|r| crate::object::ops::same_value(r.value(), val));
    if let Some(Record::Prim(_, range)) = rec {
        if !val.is_object() {
            let text = vm.new_string_utf16(src.get(range.clone()).unwrap_or(&[]));
            let sk = vm.key("source");
            vm.create_data_property_or_throw(context, sk, text)?;
        }
    }
    if let Some(o) = val.as_object() {
        if is_array(vm, val)? {
            let len = vm.length_of_array_like(o)?;
            let els = match rec {
                Some(Record::Array(_, els)) => Some(els),
                _ => None,
            };
            for i in 0..len {
                let prop = vm.index_key(i);
                let er = els.and_then(|e| e.get(i as usize));
                let ne = internalize(vm, o, prop, reviver, er, src)?;
                if ne.is_undefined() {
                    vm.delete(o, prop)?;
                } else {
                    vm.create_data_property(o, prop, ne)?;
                }
            }
        } else {
            let keys = enumerable_own_properties(vm, o, EnumKind::Keys)?;
            let entries = match rec {
                Some(Record::Object(_, es)) => Some(es),
                _ => None,
            };
            for k in keys {
                let ks = vm.to_string(k)?;
                let ku = ks.to_utf16();
                let er = entries.and_then(|es| es.iter().find(|(n, _)| *n == ku).map(|(_, r)| r));
                let p = vm.key_from_string(ks);
                let ne = internalize(vm, o, p, reviver, er, src)?;
                if ne.is_undefined() {
                    vm.delete(o, p)?;
                } else {
                    vm.create_data_property(o, p, ne)?;
                }
            }
        }
    }
    let nv = vm.key_to_value(name);
    vm.call(
        reviver,
        Value::object(holder),
        &[nv, val, Value::object(context)],
    )
}

// ------------------------------------------------------------ stringify

struct State {
    replacer: Option<Value>,
    /// Objects being serialised (cycle detection).
    stack: RootedVec<Gc<JsObject>>,
    indent: Vec<u16>,
    gap: Vec<u16>,
    property_list: Option<ValueList>,
}

/// JSON.stringify ( value [ , replacer [ , space ] ] ) (#sec-json.stringify).
fn stringify(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (value, replacer, mut space) = (args.get(0), args.get(1), args.get(2));
    let mut state = State {
        replacer: None,
        stack: vm.rooted_vec(),
        indent: Vec::new(),
        gap: Vec::new(),
        property_list: None,
    };
    // 4. The replacer: a function or a property list.
    if let Some(ro) = replacer.as_object() {
        if ro.is_callable() {
            state.replacer = Some(replacer);
        } else if is_array(vm, replacer)? {
            let mut list: ValueList = vm.rooted_vec();
            let len = vm.length_of_array_like(ro)?;
            for k in 0..len {
                let key = vm.index_key(k);
                let v = vm.get_prop(ro, key)?;
                let item = if v.is_string() {
                    Some(v)
                } else if v.is_number() {
                    Some(Value::string(vm.to_string(v)?))
                } else if let Some(o) = v.as_object() {
                    if matches!(o.class, ObjectClass::String(_) | ObjectClass::Number(_)) {
                        Some(Value::string(vm.to_string(v)?))
                    } else {
                        None
                    }
                } else {
                    None
                };
                if let Some(item) = item {
                    let is = item.as_string();
                    let dup = list.iter().any(|x| match (x.as_string(), is) {
                        (Some(a), Some(b)) => a.content_eq(&b),
                        _ => false,
                    });
                    if !dup {
                        list.push(item);
                    }
                }
            }
            state.property_list = Some(list);
        }
    }
    // 5. The space argument.
    if let Some(so) = space.as_object() {
        match so.class {
            ObjectClass::Number(_) => space = Value::number(vm.to_number(space)?),
            ObjectClass::String(_) => space = Value::string(vm.to_string(space)?),
            _ => {}
        }
    }
    if space.is_number() {
        let n = vm.to_integer_or_infinity(space)?.min(10.0);
        if n >= 1.0 {
            state.gap = vec![0x20; n as usize];
        }
    } else if let Some(s) = space.as_string() {
        state.gap = s.to_utf16().into_iter().take(10).collect();
    }
    // 9-11. wrapper = { "": value }.
    let wrapper = vm.new_object();
    let empty = vm.key("");
    vm.create_data_property_or_throw(wrapper, empty, value)?;
    let mut out = Vec::new();
    if serialize_property(vm, &mut state, empty, wrapper, &mut out)? {
        Ok(vm.new_string_utf16(&out))
    } else {
        Ok(Value::UNDEFINED)
    }
}

/// SerializeJSONProperty ( state, key, holder ): appends to `out` and
/// returns false for undefined.
fn serialize_property(
    vm: &mut Vm,
    state: &mut State,
    key: PropertyKey,
    holder: Gc<JsObject>,
    out: &mut Vec<u16>,
) -> JsResult<bool> {
    // One tick per value: the limits can stop a huge serialisation.
    vm.tick()?;
    // 1. Let value be ? Get(holder, key).
    let mut value = vm.get_prop(holder, key)?;
    // 2. toJSON for objects and BigInts.
    if value.is_object() || value.is_bigint() {
        let tk = vm.key("toJSON");
        let to_json = vm.get_v(value, tk)?;
        if crate::object::class::value_is_callable(to_json) {
            let kv = vm.key_to_value(key);
            value = vm.call(to_json, value, &[kv])?;
        }
    }
    // 3. The replacer function.
    if let Some(r) = state.replacer {
        let kv = vm.key_to_value(key);
        value = vm.call(r, Value::object(holder), &[kv, value])?;
    }
    // 4. Unwrap primitive wrappers.
    if let Some(o) = value.as_object() {
        if is_raw_json_object(value) {
            let rk = vm.key("rawJSON");
            let raw = vm.get_prop(o, rk)?;
            let s = vm.to_string(raw)?;
            out.extend(s.units());
            return Ok(true);
        }
        match &o.class {
            ObjectClass::Number(_) => value = Value::number(vm.to_number(value)?),
            ObjectClass::String(_) => value = Value::string(vm.to_string(value)?),
            ObjectClass::Boolean(b) => value = Value::bool(*b),
            ObjectClass::BigInt(b) => value = Value::bigint(*b),
            _ => {}
        }
    }
    // 5-11.
    if value.is_null() {
        out.extend("null".encode_utf16());
        return Ok(true);
    }
    if let Some(b) = value.as_bool() {
        out.extend((if b { "true" } else { "false" }).encode_utf16());
        return Ok(true);
    }
    if let Some(s) = value.as_string() {
        quote(&s.to_utf16(), out);
        return Ok(true);
    }
    if let Some(n) = value.as_number() {
        let t = if n.is_finite() {
            number_to_string(n)
        } else {
            "null".into()
        };
        out.extend(t.encode_utf16());
        return Ok(true);
    }
    if value.is_bigint() {
        return Err(vm.type_error("Do not know how to serialize a BigInt"));
    }
    if let Some(o) = value.as_object() {
        if !o.is_callable() {
            if is_array(vm, value)? {
                serialize_array(vm, state, o, out)?;
            } else {
                serialize_object(vm, state, o, out)?;
            }
            return Ok(true);
        }
    }
    Ok(false)
}

/// QuoteJSONString ( value ) (#sec-quotejsonstring).
fn quote(s: &[u16], out: &mut Vec<u16>) {
    out.push(0x22);
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let esc: Option<&str> = match c {
            0x08 => Some("\\b"),
            0x09 => Some("\\t"),
            0x0A => Some("\\n"),
            0x0C => Some("\\f"),
            0x0D => Some("\\r"),
            0x22 => Some("\\\""),
            0x5C => Some("\\\\"),
            _ => None,
        };
        if let Some(e) = esc {
            out.extend(e.encode_utf16());
        } else if c < 0x20 {
            out.extend(format!("\\u{c:04x}").encode_utf16());
        } else if (0xD800..0xDC00).contains(&c)
            && s.get(i + 1).is_some_and(|n| (0xDC00..0xE000).contains(n))
        {
            out.push(c);
            out.push(s[i + 1]);
            i += 1;
        } else if (0xD800..0xE000).contains(&c) {
            out.extend(format!("\\u{c:04x}").encode_utf16());
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.push(0x22);
}

fn enter(vm: &mut Vm, state: &mut State, o: Gc<JsObject>) -> JsResult<Vec<u16>> {
    if state.stack.contains(&o) {
        return Err(vm.type_error("Converting circular structure to JSON"));
    }
    if state.stack.len() > 10_000 {
        return Err(vm.range_error("Maximum call stack size exceeded"));
    }
    state.stack.push(o);
    let stepback = state.indent.clone();
    state.indent.extend_from_slice(&state.gap.clone());
    Ok(stepback)
}

/// Join `parts` as `{…}` / `[…]` with the current indentation.
fn join(
    state: &State,
    open: u16,
    close: u16,
    parts: Vec<Vec<u16>>,
    stepback: &[u16],
    out: &mut Vec<u16>,
) {
    out.push(open);
    if !parts.is_empty() {
        let n = parts.len();
        for (k, p) in parts.into_iter().enumerate() {
            if !state.gap.is_empty() {
                out.push(0x0A);
                out.extend_from_slice(&state.indent);
            }
            out.extend(p);
            if k + 1 < n {
                out.push(0x2C);
            }
        }
        if !state.gap.is_empty() {
            out.push(0x0A);
            out.extend_from_slice(stepback);
        }
    }
    out.push(close);
}

/// SerializeJSONObject ( state, value ).
fn serialize_object(
    vm: &mut Vm,
    state: &mut State,
    o: Gc<JsObject>,
    out: &mut Vec<u16>,
) -> JsResult<()> {
    let stepback = enter(vm, state, o)?;
    let keys = match &state.property_list {
        Some(l) => vm.rooted_from(l.to_vec()),
        None => enumerable_own_properties(vm, o, EnumKind::Keys)?,
    };
    let mut parts = Vec::new();
    for k in keys {
        let ks = vm.to_string(k)?;
        let p = vm.key_from_string(ks);
        let mut member = Vec::new();
        quote(&ks.to_utf16(), &mut member);
        member.push(0x3A);
        if !state.gap.is_empty() {
            member.push(0x20);
        }
        if serialize_property(vm, state, p, o, &mut member)? {
            parts.push(member);
        }
    }
    join(state, 0x7B, 0x7D, parts, &stepback, out);
    state.stack.pop();
    state.indent = stepback;
    Ok(())
}

/// SerializeJSONArray ( state, value ).
fn serialize_array(
    vm: &mut Vm,
    state: &mut State,
    o: Gc<JsObject>,
    out: &mut Vec<u16>,
) -> JsResult<()> {
    let stepback = enter(vm, state, o)?;
    let len = vm.length_of_array_like(o)?;
    let mut parts = Vec::new();
    for i in 0..len {
        let p = vm.index_key(i);
        let mut el = Vec::new();
        if !serialize_property(vm, state, p, o, &mut el)? {
            el = "null".encode_utf16().collect();
        }
        parts.push(el);
    }
    join(state, 0x5B, 0x5D, parts, &stepback, out);
    state.stack.pop();
    state.indent = stepback;
    Ok(())
}

// --------------------------------------------------------- raw JSON

/// JSON.rawJSON ( text ).
fn raw_json(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_string(args.get(0))?;
    let u = s.to_utf16();
    let bad = |c: Option<&u16>| matches!(c, None | Some(0x09 | 0x0A | 0x0D | 0x20));
    if bad(u.first()) || bad(u.last()) {
        return Err(vm.syntax_error("JSON.rawJSON: invalid raw JSON text"));
    }
    let r = parse_text(vm, &u, false)?;
    if r.value().is_object() {
        return Err(vm.syntax_error("JSON.rawJSON: raw JSON text must be a primitive value"));
    }
    let o = vm.new_object_with(None, ObjectClass::Data(Box::new(RawJson)));
    let rk = vm.key("rawJSON");
    vm.create_data_property_or_throw(o, rk, Value::string(s))?;
    vm.set_integrity_level(o, true)?;
    Ok(Value::object(o))
}

/// JSON.isRawJSON ( O ).
fn is_raw_json(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(is_raw_json_object(args.get(0))))
}
