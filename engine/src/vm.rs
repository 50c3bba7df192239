//! The VM: one heap, its realms, the register stack and the job queue.
//! Everything that runs JavaScript takes `&mut Vm`.

use crate::gc::{Gc, Heap, Trace, Tracer};
use crate::interp::frame::Frame;
use crate::object::{JsObject, ObjectClass, PropertyKey, Shape};
use crate::realm::{Intrinsic, Realm};
use crate::string::{Interner, JsString};
use crate::symbol::Symbol;
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Why evaluation stopped without a JavaScript exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Termination {
    /// The embedder's interrupt flag was raised.
    Interrupted,
    /// The deadline passed.
    Deadline,
    /// The fuel budget ran out.
    OutOfFuel,
    /// Live memory stayed above the heap cap after a collection (or a
    /// single allocation would have passed it).
    HeapLimit,
}

/// An abrupt completion travelling through Rust code.
#[derive(Clone, Copy, Debug)]
pub enum Exception {
    /// A JavaScript exception with its thrown value.
    Throw(Value),
    /// Evaluation was stopped; `catch` and `finally` do not run.
    Terminate(Termination),
}

pub type JsResult<T> = Result<T, Exception>;

macro_rules! common_names {
    ($($field:ident = $text:expr),* $(,)?) => {
        /// Interned property names used by the engine itself.
        pub struct Names { $(pub $field: PropertyKey),* }
        impl Names {
            fn new(heap: &Heap, interner: &mut Interner) -> Names {
                Names { $($field: PropertyKey::String(interner.intern_str(heap, $text))),* }
            }
            fn trace(&self, t: &mut Tracer) { $(self.$field.trace_key(t);)* }
        }
    };
}

common_names! {
    length = "length", name = "name", prototype = "prototype", constructor = "constructor",
    message = "message", cause = "cause", stack = "stack", value = "value", done = "done",
    next = "next", get = "get", set = "set", writable = "writable", enumerable = "enumerable",
    configurable = "configurable", to_string = "toString", value_of = "valueOf", caller = "caller",
    callee = "callee", arguments = "arguments", raw = "raw", then = "then", return_ = "return",
    throw_ = "throw", errors = "errors", index = "index", input = "input", groups = "groups",
    last_index = "lastIndex", join = "join", to_json = "toJSON", undefined = "undefined",
    global_this = "globalThis", default = "default", eval = "eval", proto = "__proto__",
    flags = "flags", source = "source", indices = "indices", resolve = "resolve", reject = "reject",
    size = "size", has = "has", keys = "keys", add = "add", exec = "exec", empty = "",
    stack_trace_limit = "stackTraceLimit", prepare_stack_trace = "prepareStackTrace",
}

impl PropertyKey {
    fn trace_key(&self, t: &mut Tracer) {
        crate::gc::Trace::trace(self, t)
    }
}

macro_rules! well_known_symbols {
    ($($field:ident = $desc:expr),* $(,)?) => {
        /// The well-known symbols, shared by every realm of a VM.
        pub struct WellKnownSymbols { $(pub $field: Gc<Symbol>),* }
        impl WellKnownSymbols {
            fn new(heap: &Heap) -> WellKnownSymbols {
                WellKnownSymbols { $($field: heap.alloc(Symbol {
                    description: Value::string(heap.alloc_str($desc)),
                    registered: false,
                    private: false,
                })),* }
            }
            fn trace(&self, t: &mut Tracer) { $(t.mark(self.$field);)* }
            pub fn all(&self) -> Vec<(&'static str, Gc<Symbol>)> {
                vec![$((&$desc[7..], self.$field)),*]
            }
        }
    };
}

well_known_symbols! {
    async_iterator = "Symbol.asyncIterator", has_instance = "Symbol.hasInstance",
    is_concat_spreadable = "Symbol.isConcatSpreadable", iterator = "Symbol.iterator",
    match_ = "Symbol.match", match_all = "Symbol.matchAll", replace = "Symbol.replace",
    search = "Symbol.search", species = "Symbol.species", split = "Symbol.split",
    to_primitive = "Symbol.toPrimitive", to_string_tag = "Symbol.toStringTag",
    unscopables = "Symbol.unscopables", dispose = "Symbol.dispose",
    async_dispose = "Symbol.asyncDispose",
}

/// A job implemented in Rust (host tasks that hold no JS values).
pub type NativeJob = Box<dyn FnOnce(&mut Vm) -> JsResult<()>>;
/// Where `print` output goes (test262 host).
pub type PrintHook = Box<dyn FnMut(&str)>;

/// A pending job (promise reaction or host task). Every variant's values
/// are traced while queued.
pub enum Job {
    /// Call `func` with `this` and `args`.
    Call {
        func: Value,
        this: Value,
        args: Vec<Value>,
    },
    /// NewPromiseReactionJob: run `reaction` (see builtins::control::promise)
    /// with `argument`.
    PromiseReaction { reaction: Value, argument: Value },
    /// NewPromiseResolveThenableJob.
    ResolveThenable {
        promise: Value,
        thenable: Value,
        then: Value,
    },
    /// A Rust closure (host tasks).
    Native(NativeJob),
}

/// Hooks the host (CLI, runtime, test262 runner) provides.
pub trait Host {
    /// Load a module's source text given a specifier and the referrer's path.
    fn load_module(
        &mut self,
        _specifier: &str,
        _referrer: &str,
    ) -> Result<(String, String), String> {
        Err("modules are not supported by this host".into())
    }
}

struct NoHost;
impl Host for NoHost {}

/// Limits the embedder sets on a VM.
#[derive(Clone, Default)]
pub struct Limits {
    pub deadline: Option<Instant>,
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Instructions (back-edges and calls) allowed; None = unlimited.
    pub fuel: Option<u64>,
    /// Heap cap in bytes; 0 = none. Set it through `Vm::set_heap_limit`
    /// (the heap arms its collection trigger from it).
    pub heap_limit: usize,
}

/// Native state at an embedder entry point (`Vm::entry_mark`).
#[derive(Clone, Copy)]
pub(crate) struct EntryMark {
    sp: usize,
    native_depth: usize,
    join_stack: usize,
    native_callee: Option<Gc<JsObject>>,
    native_this: Value,
    native_links: usize,
}

/// Maximum depth of JS frames before a RangeError.
pub const MAX_FRAMES: usize = 10_000;
/// Maximum nesting of native → JS re-entry (each uses Rust stack).
pub const MAX_NATIVE_DEPTH: usize = 400;
/// Rust stack kept free under native recursion (bound-function chains,
/// proxies of proxies, native → JS re-entry): past it a RangeError is
/// thrown. Complements `MAX_NATIVE_DEPTH` on threads with small stacks.
/// Small enough that an embedder's thread with Rust's default 2 MiB stack
/// still runs JavaScript called from native code; large enough for the
/// unchecked Rust frames between two checks.
pub const NATIVE_RED_ZONE: usize = 512 << 10;

/// Whether the current thread's Rust stack is nearly used up. Relative to
/// the real stack of this thread (or the segment the compiler switched
/// to): `stacker` records its limit once per thread.
#[inline]
pub fn stack_low() -> bool {
    stacker::remaining_stack().is_some_and(|left| left < NATIVE_RED_ZONE)
}

/// Register-stack size in values.
pub const STACK_SLOTS: usize = 1 << 20;

pub struct Vm {
    pub heap: Heap,
    pub interner: Interner,
    pub names: Names,
    pub symbols: WellKnownSymbols,
    pub empty_shape: Gc<Shape>,
    /// Cached shape of fresh function objects (see `new_closure`).
    pub(crate) closure_shape: Option<Gc<Shape>>,
    /// Cached shapes of `arguments` objects: mapped `[length, @@iterator,
    /// callee]` and unmapped `[length, @@iterator]` (see
    /// `create_arguments_object`).
    pub(crate) arguments_shapes: Option<(Gc<Shape>, Gc<Shape>)>,
    /// `GetGlobal` cache (`interp::env_ops::GlobalCacheEntry`).
    pub(crate) global_cache: Box<
        [Option<crate::interp::env_ops::GlobalCacheEntry>;
            crate::interp::env_ops::GLOBAL_CACHE_SIZE],
    >,
    pub realm: Gc<Realm>,
    pub(crate) stack: Vec<Value>,
    /// First free register-stack slot above the topmost frame.
    pub(crate) sp: usize,
    pub(crate) frames: Vec<Frame>,
    pub(crate) native_depth: usize,
    pub jobs: VecDeque<Job>,
    /// Promise rejections not yet seen by the host (`host::rejections`).
    pub rejections: crate::host::rejections::RejectionTracker,
    /// Futures of async host functions and the promises they settle
    /// (`api::host_fn`).
    pub(crate) host_tasks: crate::api::host_fn::HostTasks,
    /// Per-engine data of the embedder, by type (`Engine::set_host_data`).
    pub(crate) host_data: crate::api::host_fn::HostData,
    pub symbol_registry: FxHashMap<Gc<JsString>, Gc<Symbol>>,
    /// Rooted lists and handles held by native code (`gc/roots.rs`).
    pub roots: std::rc::Rc<crate::gc::RootSet>,
    pub host: Box<dyn Host>,
    pub limits: Limits,
    pub(crate) ticks: u64,
    /// Every realm created, kept alive for the VM's life.
    pub(crate) realms: Vec<Gc<Realm>>,
    /// Host-specific printing (test262's `print`).
    pub print_hook: Option<PrintHook>,
    /// new.target for the next `run_code` frame (eval inherits its caller's).
    pub(crate) pending_new_target: Value,
    /// Arrays whose `join` is in progress (cycle detection).
    pub(crate) join_stack: Vec<Gc<JsObject>>,
    /// The native function now running (native closures read their
    /// captures through it).
    pub native_callee: Option<Gc<JsObject>>,
    /// The `this` of the native function now running (`Value::UNINIT`
    /// while it runs as a constructor), for its call site in stack traces.
    pub(crate) native_this: Value,
    /// Native functions that called into JavaScript, innermost last: the
    /// frame they pushed and the native call (see `interp/stack_trace.rs`).
    pub(crate) native_links: Vec<crate::interp::stack_trace::NativeLink>,
    /// Private key under which errors keep their captured call sites or,
    /// once read, their formatted `stack` value.
    pub(crate) error_stack_key: PropertyKey,
    /// The error whose innermost call site still has the pc of the last
    /// call, not of the faulting instruction (errors the interpreter
    /// creates itself); `unwind` corrects it. (error, call-site record)
    pub(crate) stack_fixup: Option<(Gc<JsObject>, Gc<JsObject>)>,
    /// WeakMap/WeakSet/WeakRef/FinalizationRegistry objects (traced weakly)
    /// and the [[KeptAlive]] list (see builtins/keyed/weak.rs).
    pub weak_registry: crate::builtins::keyed::WeakRegistry,
    /// Loaded modules by resolved path.
    pub modules: FxHashMap<String, Gc<crate::module::ModuleRecord>>,
    /// While a realm is being set up: the built-in objects in bulk mode
    /// (`Vm::define_builtin_slot`), laid out when set-up ends.
    pub(crate) bulk_objects: Option<Vec<Gc<JsObject>>>,
}

impl Vm {
    pub fn new() -> Box<Vm> {
        let heap = Heap::new();
        let mut interner = Interner::default();
        let names = Names::new(&heap, &mut interner);
        let symbols = WellKnownSymbols::new(&heap);
        let empty_shape = Shape::empty(&heap);
        let error_stack_key = PropertyKey::Symbol(heap.alloc(Symbol {
            description: Value::string(heap.alloc_str("stack")),
            registered: false,
            private: true,
        }));
        // The realm is built in two steps: a placeholder global first, then
        // the intrinsics (which need a VM to allocate through).
        let global = JsObject::new(&heap, empty_shape, None, ObjectClass::Ordinary);
        let realm = heap.alloc(Realm::new(global));
        let mut vm = Box::new(Vm {
            heap,
            interner,
            names,
            symbols,
            empty_shape,
            closure_shape: None,
            arguments_shapes: None,
            global_cache: Box::new([None; crate::interp::env_ops::GLOBAL_CACHE_SIZE]),
            realm,
            stack: vec![Value::UNDEFINED; 1024],
            sp: 0,
            frames: Vec::new(),
            native_depth: 0,
            jobs: VecDeque::new(),
            rejections: Default::default(),
            host_tasks: Default::default(),
            host_data: Default::default(),
            symbol_registry: FxHashMap::default(),
            roots: Default::default(),
            host: Box::new(NoHost),
            limits: Limits::default(),
            ticks: 0,
            realms: vec![realm],
            print_hook: None,
            pending_new_target: Value::UNDEFINED,
            join_stack: Vec::new(),
            native_callee: None,
            native_this: Value::UNDEFINED,
            native_links: Vec::new(),
            error_stack_key,
            stack_fixup: None,
            weak_registry: Default::default(),
            modules: FxHashMap::default(),
            bulk_objects: None,
        });
        crate::builtins::init_realm(&mut vm, realm);
        // LODE_GC_STRESS=1: collect at every safepoint (for test suites).
        if std::env::var_os("LODE_GC_STRESS").is_some_and(|v| v == "1") {
            vm.heap.set_stress(true);
        }
        // LODE_GC_TRACE=1: one line per collection on stderr (tuning aid).
        if std::env::var_os("LODE_GC_TRACE").is_some_and(|v| v == "1") {
            vm.heap.set_trace(true);
            eprintln!(
                "sizes: JsObject {} Frame {} Value {}",
                std::mem::size_of::<JsObject>(),
                std::mem::size_of::<Frame>(),
                std::mem::size_of::<Value>()
            );
        }
        vm
    }

    /// Create a fresh realm with its own intrinsics and global object.
    pub fn create_realm(&mut self) -> Gc<Realm> {
        let global = JsObject::new(&self.heap, self.empty_shape, None, ObjectClass::Ordinary);
        let realm = self.heap.alloc(Realm::new(global));
        self.realms.push(realm);
        crate::builtins::init_realm(self, realm);
        realm
    }

    #[inline]
    pub fn intrinsic(&self, i: Intrinsic) -> Gc<JsObject> {
        self.realm.intrinsic(i)
    }

    // ---- allocation helpers ----

    pub fn new_object_with(
        &mut self,
        proto: Option<Gc<JsObject>>,
        class: ObjectClass,
    ) -> Gc<JsObject> {
        JsObject::new(&self.heap, self.empty_shape, proto, class)
    }
    /// `OrdinaryObjectCreate(%Object.prototype%)`.
    pub fn new_object(&mut self) -> Gc<JsObject> {
        let proto = self.intrinsic(Intrinsic::ObjectPrototype);
        self.new_object_with(Some(proto), ObjectClass::Ordinary)
    }
    pub fn new_string(&mut self, s: &str) -> Value {
        Value::string(self.heap.alloc_str(s))
    }
    pub fn new_string_utf16(&mut self, units: &[u16]) -> Value {
        Value::string(self.heap.alloc_utf16(units))
    }
    /// Intern a Rust string as a property key.
    pub fn key(&mut self, s: &str) -> PropertyKey {
        if let Some(i) = parse_array_index(s) {
            return PropertyKey::Index(i);
        }
        PropertyKey::String(self.interner.intern_str(&self.heap, s))
    }
    /// A property key from a JS string value.
    pub fn key_from_string(&mut self, s: Gc<JsString>) -> PropertyKey {
        if let Some(i) = s.as_array_index() {
            return PropertyKey::Index(i);
        }
        PropertyKey::String(self.interner.intern(s))
    }
    /// The key as a JS value (string or symbol).
    pub fn key_to_value(&mut self, k: PropertyKey) -> Value {
        match k {
            PropertyKey::Index(i) => self.new_string(&i.to_string()),
            PropertyKey::String(s) => Value::string(s),
            PropertyKey::Symbol(s) => Value::symbol(s),
        }
    }

    // ---- rooting ----

    /// An empty rooted list (see `gc/roots.rs`).
    #[inline]
    pub fn rooted_vec<T: crate::gc::RootItem>(&self) -> crate::gc::RootedVec<T> {
        crate::gc::RootedVec::new(&self.roots)
    }
    /// Root `items`, which must have been filled since the last safepoint.
    #[inline]
    pub fn rooted_from<T: crate::gc::RootItem>(&self, items: Vec<T>) -> crate::gc::RootedVec<T> {
        crate::gc::RootedVec::from_vec(&self.roots, items)
    }
    /// A handle keeping `v` alive until dropped.
    pub fn rooted(&self, v: Value) -> crate::gc::Rooted {
        crate::gc::Rooted::new(&self.roots, v)
    }

    // ---- garbage collection ----

    /// Collect now. Safe at any point where native code holds its values in
    /// locals or rooted containers (see gc/mod.rs).
    pub fn collect_garbage(&mut self) {
        // Cache tags must not outlive the cells they name.
        self.global_cache.fill(None);
        // The interner is swept after marking; it is taken out of the VM
        // meanwhile so the root tracer can borrow the VM immutably.
        let mut interner = std::mem::take(&mut self.interner);
        // Weak collections (builtins/keyed/weak.rs): ephemeron marking, then
        // dead keys/targets are dropped before the sweep.
        let mut weak = Default::default();
        {
            let this: &Vm = self;
            this.heap.collect(
                &mut |t| this.trace_roots(t),
                &mut |t, marked| this.weak_registry.trace_ephemerons(t, marked),
                &mut |alive| {
                    interner.sweep(alive);
                    this.roots.sweep_weak(alive);
                    weak = this.weak_registry.sweep(alive);
                },
            );
        }
        self.interner = interner;
        self.weak_registry.retain_survivors(&weak);
        // FinalizationRegistry cleanup callbacks run as jobs.
        for (func, held) in std::mem::take(&mut weak.cleanups) {
            self.enqueue_call(func, Value::UNDEFINED, vec![held]);
        }
    }

    /// Collect if the allocation budget is spent (called at safepoints).
    #[inline]
    pub fn maybe_gc(&mut self) {
        if self.heap.wants_collection() {
            self.collect_garbage();
        }
    }

    fn trace_roots(&self, t: &mut Tracer) {
        t.mark(self.empty_shape);
        if let Some((a, b)) = self.arguments_shapes {
            t.mark(a);
            t.mark(b);
        }
        t.mark(self.realm);
        for r in &self.realms {
            t.mark(*r);
        }
        self.names.trace(t);
        self.symbols.trace(t);
        t.mark_values(&self.stack[..self.sp.min(self.stack.len())]);
        // Every frame's whole register window: a caller's registers above a
        // call window may lie beyond `sp` while the callee runs, and they
        // must not dangle when the caller resumes.
        for f in &self.frames {
            let end = (f.base + f.code.nregs as usize).min(self.stack.len());
            if f.base < end {
                t.mark_values(&self.stack[f.base..end]);
            }
        }
        for f in &self.frames {
            f.trace(t);
        }
        for j in &self.jobs {
            match j {
                Job::Call { func, this, args } => {
                    t.mark_value(*func);
                    t.mark_value(*this);
                    t.mark_values(args);
                }
                Job::PromiseReaction { reaction, argument } => {
                    t.mark_value(*reaction);
                    t.mark_value(*argument);
                }
                Job::ResolveThenable {
                    promise,
                    thenable,
                    then,
                } => {
                    t.mark_value(*promise);
                    t.mark_value(*thenable);
                    t.mark_value(*then);
                }
                Job::Native(_) => {}
            }
        }
        for (k, s) in &self.symbol_registry {
            t.mark(*k);
            t.mark(*s);
        }
        self.roots.trace(t);
        for o in self.bulk_objects.iter().flatten() {
            t.mark(*o);
        }
        for o in &self.join_stack {
            t.mark(*o);
        }
        if let Some(c) = self.native_callee {
            t.mark(c);
        }
        t.mark_value(self.native_this);
        for l in &self.native_links {
            l.trace(t);
        }
        self.error_stack_key.trace_key(t);
        if let Some((e, r)) = self.stack_fixup {
            t.mark(e);
            t.mark(r);
        }
        for m in self.modules.values() {
            t.mark(*m);
        }
        self.weak_registry.trace_roots(t);
        self.rejections.trace(t);
    }

    // ---- limits ----

    /// A safepoint (function entry, loop back-edge): `tick` and
    /// `maybe_gc` folded so the common case is one counter test and one
    /// flag test, with both slow paths out of line. The heap cap needs
    /// nothing here: the heap raises its collection request when the
    /// footprint passes the cap's thresholds (`Heap::set_limit`).
    #[inline(always)]
    pub(crate) fn safepoint(&mut self) -> JsResult<()> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks & 0x3ff == 0 || self.heap.wants_collection() {
            return self.safepoint_slow();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn safepoint_slow(&mut self) -> JsResult<()> {
        if self.ticks & 0x3ff == 0 {
            self.check_limits()?;
        }
        self.maybe_gc();
        if self.limits.heap_limit != 0 {
            self.enforce_heap_limit()?;
        }
        Ok(())
    }

    /// The periodic limit check for every loop that may run long: the
    /// interpreter's safepoints and native loops over elements, characters,
    /// matches or entries call it once per iteration. Every 1024th call
    /// checks the interrupt flag, the deadline, the fuel and the heap cap
    /// (a native cannot collect, so there the cap stops the script as soon
    /// as the footprint passes it; the heap asked for a collection at 7/8
    /// of the cap, at the last safepoint before).
    #[inline]
    pub fn tick(&mut self) -> JsResult<()> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks & 0x3ff == 0 {
            return self.check_limits_native();
        }
        Ok(())
    }

    /// `tick` for bulk work done in one step (a search, a copy, a case
    /// conversion over `units` elements or characters): counts `units / 16`
    /// ticks, so work that never loops in Rust still brings the next check
    /// closer, and checks if a 1024-tick boundary was crossed. Call it
    /// before the work when the work is large and after it otherwise.
    #[inline]
    pub fn tick_n(&mut self, units: usize) -> JsResult<()> {
        let before = self.ticks;
        self.ticks = before.wrapping_add((units / 16) as u64);
        if (before >> 10) != (self.ticks >> 10) {
            return self.check_limits_native();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn check_limits_native(&mut self) -> JsResult<()> {
        self.check_limits()?;
        let cap = self.limits.heap_limit;
        if cap != 0 && self.heap.footprint() > cap {
            return Err(Exception::Terminate(Termination::HeapLimit));
        }
        Ok(())
    }

    /// Interrupt, deadline, fuel.
    #[cold]
    fn check_limits(&mut self) -> JsResult<()> {
        if let Some(flag) = &self.limits.interrupt {
            if flag.swap(false, Ordering::Relaxed) {
                return Err(Exception::Terminate(Termination::Interrupted));
            }
        }
        if let Some(d) = self.limits.deadline {
            if Instant::now() >= d {
                return Err(Exception::Terminate(Termination::Deadline));
            }
        }
        if let Some(f) = self.limits.fuel.as_mut() {
            if *f < 1024 {
                return Err(Exception::Terminate(Termination::OutOfFuel));
            }
            *f -= 1024;
        }
        Ok(())
    }

    /// Set the heap cap in bytes (0: none). See `Termination::HeapLimit`.
    pub fn set_heap_limit(&mut self, bytes: usize) {
        self.limits.heap_limit = bytes;
        self.heap.set_limit(bytes);
    }

    /// At a safepoint: over the cap, collect; still over, stop the script.
    fn enforce_heap_limit(&mut self) -> JsResult<()> {
        let cap = self.limits.heap_limit;
        if self.heap.limit() != cap {
            // `limits.heap_limit` was assigned directly.
            self.heap.set_limit(cap);
        }
        if self.heap.footprint() <= cap {
            return Ok(());
        }
        self.collect_garbage();
        if self.heap.footprint() > cap {
            return Err(Exception::Terminate(Termination::HeapLimit));
        }
        Ok(())
    }

    /// Before a native allocates `bytes` at once (a string built by
    /// `repeat`, an element vector, a data block): stop the script if that
    /// would pass the heap cap. Checked before allocating, so the host never
    /// holds the block.
    pub fn check_heap_room(&mut self, bytes: usize) -> JsResult<()> {
        let cap = self.limits.heap_limit;
        if cap != 0 && self.heap.footprint().saturating_add(bytes) > cap {
            return Err(Exception::Terminate(Termination::HeapLimit));
        }
        Ok(())
    }

    /// After a termination reached the embedder: drop what the stopped
    /// script left behind so the next evaluation starts clean. `depth` is
    /// the frame depth and `mark` the native state at the entry point.
    pub(crate) fn recover_from_termination(
        &mut self,
        depth: usize,
        mark: EntryMark,
        t: Termination,
    ) {
        self.pop_frames_to(depth);
        self.native_depth = mark.native_depth;
        self.join_stack.truncate(mark.join_stack);
        self.native_callee = mark.native_callee;
        self.native_this = mark.native_this;
        self.native_links.truncate(mark.native_links);
        self.pending_new_target = Value::UNDEFINED;
        if depth == 0 {
            // Nothing of the stopped script may run later: its promise
            // reactions and host tasks go too.
            self.jobs.clear();
        }
        self.sp = mark.sp;
        if t == Termination::HeapLimit {
            // Its data is garbage now; give the next script the room.
            self.collect_garbage();
        }
    }

    /// The state `recover_from_termination` restores.
    pub(crate) fn entry_mark(&self) -> EntryMark {
        EntryMark {
            sp: self.sp,
            native_depth: self.native_depth,
            join_stack: self.join_stack.len(),
            native_callee: self.native_callee,
            native_this: self.native_this,
            native_links: self.native_links.len(),
        }
    }

    /// Run queued jobs until the queue is empty.
    pub fn run_jobs(&mut self) -> JsResult<()> {
        while !self.jobs.is_empty() {
            self.run_one_job()?;
        }
        Ok(())
    }

    /// Run the job at the front of the queue, if any.
    pub fn run_one_job(&mut self) -> JsResult<()> {
        let Some(job) = self.jobs.pop_front() else {
            return Ok(());
        };
        // ClearKeptObjects: the previous script or job has finished.
        self.weak_registry.clear_kept();
        match job {
            // Out of the traced queue, single values are locals (found by
            // the stack scan) and argument lists are rooted lists.
            Job::Call { func, this, args } => {
                let args = self.rooted_from(args);
                let r = self.call(func, this, &args);
                match r {
                    Ok(_) => {}
                    Err(Exception::Terminate(t)) => return Err(Exception::Terminate(t)),
                    Err(e) => return Err(e),
                }
            }
            Job::PromiseReaction { reaction, argument } => {
                crate::builtins::promise::run_reaction_job(self, reaction, argument)?;
            }
            Job::ResolveThenable {
                promise,
                thenable,
                then,
            } => {
                crate::builtins::promise::run_resolve_thenable_job(self, promise, thenable, then)?;
            }
            Job::Native(f) => f(self)?,
        }
        Ok(())
    }

    pub fn enqueue_call(&mut self, func: Value, this: Value, args: Vec<Value>) {
        self.jobs.push_back(Job::Call { func, this, args });
    }
}

/// `"123"` → Some(123) for canonical array indices.
pub fn parse_array_index(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    let v: u64 = s.parse().ok()?;
    if v < u32::MAX as u64 && s.bytes().all(|b| b.is_ascii_digit()) {
        Some(v as u32)
    } else {
        None
    }
}
