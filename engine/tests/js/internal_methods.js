// internal methods per object class: exotic classes, and the prototype
// chain handing over from the ordinary algorithms to an exotic parent
var a = [1, 2, 3]; a.length = 1; Object.defineProperty(a, "5", { value: 9, configurable: true });
print(a.length, Object.getOwnPropertyNames(a).join(","), delete a.length, Object.isFrozen(Object.freeze([1])));
// expect: 6 0,5,length false true
var s = new String("ab"); s[3] = "x";
print(Object.getOwnPropertyNames(s).join(","), s[1], delete s[0], Object.defineProperty(s, "0", { value: "a" }) === s);
// expect: 0,1,3,length b false true
function mapped(x) { delete arguments[0]; arguments[0] = 7; return x; }
function aliased(x) { arguments[0] = 5; Object.defineProperty(arguments, "0", { writable: false }); arguments[0] = 6; return x + "," + arguments[0]; }
print(mapped(1), aliased(1));
// expect: 1 5,5
// a typed array as prototype: a valid index defines on the receiver,
// an invalid one is ignored (#sec-typedarray-set)
var ta = new Uint8Array(2); var viaTa = Object.create(ta);
viaTa[1] = 300; viaTa[7] = 1; viaTa.name = "n";
print(ta[1], viaTa[7], "1" in viaTa, "7" in viaTa, "-0" in ta, Object.keys(viaTa).join(","), Reflect.ownKeys(ta).join(","));
// expect: 0 undefined true false false 1,name 0,1
var seen = [];
var px = new Proxy({ p: 1 }, {
  get(t, k, r) { seen.push("get " + String(k)); return Reflect.get(t, k, r); },
  has(t, k) { seen.push("has " + String(k)); return Reflect.has(t, k); },
  set(t, k, v, r) { seen.push("set " + String(k)); return Reflect.set(t, k, v, r); },
});
var child = Object.create(px);
print(child.p, "q" in child, (child.q = 3, child.hasOwnProperty("q")), seen.join(";"));
// expect: 1 false true get p;has q;set q;get hasOwnProperty
var deep = { top: "t" };
for (var i = 0; i < 20000; i++) deep = Object.create(deep);
deep.own = 1;
print(deep.top, "top" in deep, Reflect.set(deep, "top", "u"), deep.top, Object.getPrototypeOf(deep) !== null);
// expect: t true true u true
var target = function () { return this === undefined ? "u" : "t"; };
var bound = target.bind(undefined); var pf = new Proxy(bound, {});
print(pf(), typeof pf, (() => 0).bind(null).prototype, Reflect.construct(function () { this.k = 1; }.bind(null), []).k);
// expect: t function undefined 1
try { new (new Proxy(() => 0, {}))(); } catch (e) { print(e instanceof TypeError); }
// expect: true
print(Object.setPrototypeOf(Object.prototype, null) === Object.prototype, Reflect.setPrototypeOf(Object.prototype, {}));
// expect: true false
