//! Realms: a global object, a global lexical scope and a set of intrinsics.

use crate::gc::{Gc, GcCell, Trace, Tracer};
use crate::object::JsObject;
use crate::string::JsString;
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};

macro_rules! intrinsics {
    ($($name:ident),* $(,)?) => {
        /// The well-known intrinsic objects (`%Object.prototype%` and kin).
        #[derive(Copy, Clone, Debug, PartialEq, Eq)]
        #[repr(u16)]
        pub enum Intrinsic { $($name),* }
        pub const INTRINSIC_COUNT: usize = [$(Intrinsic::$name),*].len();
    };
}

intrinsics! {
    ObjectPrototype, Object,
    FunctionPrototype, Function,
    ArrayPrototype, Array,
    StringPrototype, String,
    NumberPrototype, Number,
    BooleanPrototype, Boolean,
    SymbolPrototype, Symbol,
    BigIntPrototype, BigInt,
    ErrorPrototype, Error,
    EvalErrorPrototype, EvalError,
    RangeErrorPrototype, RangeError,
    ReferenceErrorPrototype, ReferenceError,
    SyntaxErrorPrototype, SyntaxError,
    TypeErrorPrototype, TypeError,
    URIErrorPrototype, URIError,
    AggregateErrorPrototype, AggregateError,
    IteratorPrototype, Iterator,
    AsyncIteratorPrototype,
    ArrayIteratorPrototype,
    StringIteratorPrototype,
    MapIteratorPrototype,
    SetIteratorPrototype,
    RegExpStringIteratorPrototype,
    IteratorHelperPrototype,
    WrapForValidIteratorPrototype,
    AsyncFromSyncIteratorPrototype,
    GeneratorFunctionPrototype, GeneratorFunction,
    GeneratorPrototype,
    AsyncFunctionPrototype, AsyncFunction,
    AsyncGeneratorFunctionPrototype, AsyncGeneratorFunction,
    AsyncGeneratorPrototype,
    PromisePrototype, Promise,
    RegExpPrototype, RegExp,
    DatePrototype, Date,
    MapPrototype, Map,
    SetPrototype, Set,
    WeakMapPrototype, WeakMap,
    WeakSetPrototype, WeakSet,
    WeakRefPrototype, WeakRef,
    FinalizationRegistryPrototype, FinalizationRegistry,
    ArrayBufferPrototype, ArrayBuffer,
    SharedArrayBufferPrototype, SharedArrayBuffer,
    DataViewPrototype, DataView,
    TypedArrayPrototype, TypedArray,
    Int8ArrayPrototype, Int8Array,
    Uint8ArrayPrototype, Uint8Array,
    Uint8ClampedArrayPrototype, Uint8ClampedArray,
    Int16ArrayPrototype, Int16Array,
    Uint16ArrayPrototype, Uint16Array,
    Int32ArrayPrototype, Int32Array,
    Uint32ArrayPrototype, Uint32Array,
    Float16ArrayPrototype, Float16Array,
    Float32ArrayPrototype, Float32Array,
    Float64ArrayPrototype, Float64Array,
    BigInt64ArrayPrototype, BigInt64Array,
    BigUint64ArrayPrototype, BigUint64Array,
    Proxy,
    Reflect,
    Math,
    JSON,
    Atomics,
    Eval,
    CallSitePrototype,
    ErrorStackGetter,
    ErrorStackSetter,
    FunctionProtoCall,
    ArrayIteratorNext,
    ThrowTypeError,
    ArrayProtoValues,
    TemporalDurationPrototype, TemporalDuration,
    TemporalPlainDatePrototype, TemporalPlainDate,
    TemporalPlainTimePrototype, TemporalPlainTime,
    TemporalPlainDateTimePrototype, TemporalPlainDateTime,
    TemporalPlainYearMonthPrototype, TemporalPlainYearMonth,
    TemporalPlainMonthDayPrototype, TemporalPlainMonthDay,
    TemporalInstantPrototype, TemporalInstant,
    TemporalZonedDateTimePrototype, TemporalZonedDateTime,
}

pub struct Realm {
    pub global: Gc<JsObject>,
    /// The global object's `this` value (the global object itself here).
    pub global_this: Value,
    /// Script-level `let`/`const`/`class` bindings: name → (value, mutable).
    pub global_lex: RefCell<FxHashMap<Gc<JsString>, (Value, bool)>>,
    intrinsics: Vec<Cell<Option<Gc<JsObject>>>>,
    /// Template objects, cached per (code, constant index) site.
    pub templates: RefCell<FxHashMap<(usize, u32), Gc<JsObject>>>,
    /// Host data slot (e.g. the test262 `$262` object).
    pub host_defined: Cell<Value>,
}

impl Trace for Realm {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.global);
        t.mark_value(self.global_this);
        for (k, (v, _)) in self.global_lex.borrow().iter() {
            t.mark(*k);
            t.mark_value(*v);
        }
        for i in &self.intrinsics {
            if let Some(o) = i.get() {
                t.mark(o);
            }
        }
        for (_, o) in self.templates.borrow().iter() {
            t.mark(*o);
        }
        t.mark_value(self.host_defined.get());
    }
}
impl GcCell for Realm {
    const NAME: &'static str = "Realm";
}

impl Realm {
    pub fn new(global: Gc<JsObject>) -> Realm {
        Realm {
            global,
            global_this: Value::object(global),
            global_lex: RefCell::new(FxHashMap::default()),
            intrinsics: (0..INTRINSIC_COUNT).map(|_| Cell::new(None)).collect(),
            templates: RefCell::new(FxHashMap::default()),
            host_defined: Cell::new(Value::UNDEFINED),
        }
    }
    /// An intrinsic. Every intrinsic is created while the realm is set up,
    /// before any script runs; a missing one falls back to
    /// `%Object.prototype%` rather than failing.
    #[inline]
    pub fn intrinsic(&self, i: Intrinsic) -> Gc<JsObject> {
        match self.intrinsics[i as usize].get() {
            Some(o) => o,
            None => self.intrinsics[Intrinsic::ObjectPrototype as usize]
                .get()
                .unwrap_or(self.global),
        }
    }
    pub fn try_intrinsic(&self, i: Intrinsic) -> Option<Gc<JsObject>> {
        self.intrinsics[i as usize].get()
    }
    pub fn set_intrinsic(&self, i: Intrinsic, o: Gc<JsObject>) {
        self.intrinsics[i as usize].set(Some(o))
    }
}
