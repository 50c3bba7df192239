// Hostile-argument fuzzing of every built-in function: walks the global
// object and the prototypes reachable from it, then calls each function
// with adversarial receivers and arguments. Seeded from `__seed`.
(function () {
  let s = __seed >>> 0 || 1;
  const rnd = (n) => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % n; };
  const fns = [];
  const seen = new Set();
  function walk(o, depth) {
    if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o) || depth > 3) return;
    seen.add(o);
    let keys = [];
    try { keys = Reflect.ownKeys(o); } catch (e) { return; }
    for (const k of keys) {
      let d;
      try { d = Object.getOwnPropertyDescriptor(o, k); } catch (e) { continue; }
      if (!d) continue;
      for (const v of [d.value, d.get, d.set]) {
        if (typeof v === "function") fns.push([o, k, v]);
        if (v && (typeof v === "object" || typeof v === "function")) walk(v, depth + 1);
      }
    }
  }
  walk(globalThis, 0);
  const throwingProxy = new Proxy({}, { get() { throw new Error("trap"); }, has() { throw 1; }, ownKeys() { throw 2; }, getPrototypeOf() { throw 3; } });
  const sideEffect = { get length() { buf.length = 0; return 2 ** 32 + 5; }, get 0() { return 1; }, valueOf() { return 7; } };
  const buf = [1, 2, 3];
  let detached = new ArrayBuffer(8);
  try { detached.transfer(); } catch (e) {}
  const values = [
    undefined, null, 0, -0, NaN, Infinity, -1, 2 ** 53, 2 ** 32, 2 ** 31 - 1, 1e308, 10n, -(2n ** 70n), "", "abc", "\ud800",
    Symbol("s"), Symbol.iterator, true, [], [1, , 3], { length: 2 ** 53 - 1 }, { length: -1 }, sideEffect, throwingProxy,
    new Proxy([], {}), Object.create(null), function () {}, () => {}, class {}, new Uint8Array(4), detached,
    new DataView(new ArrayBuffer(4)), new Map(), new Set(), new WeakMap(), Promise.resolve(), /x/g, new Date(NaN),
    { [Symbol.toPrimitive]() { throw new Error("prim"); } }, { toString() { return {}; }, valueOf() { return {}; } },
    "x".repeat(1000), new Array(100), buf,
  ];
  const pick = () => values[rnd(values.length)];
  for (let i = 0; i < __iterations; i++) {
    const [holder, key, f] = fns[rnd(fns.length)];
    const args = [];
    for (let n = rnd(4); n > 0; n--) args.push(pick());
    const recv = rnd(3) === 0 ? holder : pick();
    try {
      if (rnd(4) === 0) Reflect.construct(f, args); else Reflect.apply(f, recv, args);
    } catch (e) {}
  }
  return fns.length;
})();
