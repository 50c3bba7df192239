// object literals, getters/setters, computed keys, spread, property order
const k = "dyn";
const o = { b: 1, a: 2, 1: "one", [k]: 3, get g() { return "G"; }, set s(v) { this._s = v; }, __proto__: { inherited: true } };
o.s = 5;
print(Object.keys(o).join(","), o.g, o._s, o.inherited);
// expect: 1,b,a,dyn,g,s,_s G 5 true
const copy = { ...o, extra: 1 }; print("g" in copy, Object.getPrototypeOf(copy) === Object.prototype);
// expect: true true
const frozen = Object.freeze({ x: 1 }); frozen.x = 2; print(frozen.x, Object.isFrozen(frozen));
// expect: 1 true
const { a, ...others } = { a: 1, b: 2, c: 3 }; print(a, Object.keys(others).join(""));
// expect: 1 bc
print(`tpl ${1 + 1} ${"x"}`, String.raw`a\nb`);
// expect: tpl 2 x a\nb
