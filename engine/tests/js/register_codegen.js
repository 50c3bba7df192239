// The compiler computes assignments straight into register bindings and
// reads bindings in place (compiler/expr.rs, cond.rs): these cases would
// go wrong if a binding were overwritten too early or read too late.
function selfRef() {
  let x = 1;
  x = x + (x = 10);          // left operand read before the right side assigns
  let y = 3;
  y += (y = 5) * 2;          // compound: old value of y is used
  let z = 2;
  z = [z, z + 1].length + z; // array literal must not clobber z early
  return [x, y, z].join();
}
print(selfRef());
// expect: 11,13,4

function keepOnThrow() {
  let x = "old";
  const o = { get p() { throw new Error("boom"); } };
  try { x = o.p; } catch (e) { }
  let y = "keep";
  try { y = undefined.q; } catch (e) { }
  let n = 1;
  try { n = n * 2 + missingName; } catch (e) { }
  return [x, y, n].join();
}
print(keepOnThrow());
// expect: old,keep,1

function memberOrder() {
  let a = { k: 1 };
  const first = a;
  a.k = (a = { k: 2 }, 5);   // the object is read before the right side
  let b = [10, 20];
  let i = 0;
  b[i] = (i = 1, 99);        // key read before the right side
  let c = { v: 1 };
  c.v += (c = { v: 100 }).v; // compound on the old object
  return [first.k, a.k, b.join("/"), i, c.v].join();
}
print(memberOrder());
// expect: 5,2,99/20,1,100

function conditions(n) {
  let out = [];
  for (let i = 0; i < n; i++) {
    if (!(i % 2 === 0) && i !== 3) out.push("o" + i);
    else if (i === 0 || i > 3) out.push("z" + i);
  }
  let j = 0;
  while (j < 3 && out.length) j++;
  do { j--; } while (j > 0);
  const nan = NaN;
  return [out.join(), j, nan < 1, !(nan < 1), nan >= 1, null == undefined, "1" == 1].join();
}
print(conditions(6));
// expect: z0,o1,z4,o5,0,false,true,false,true,true

function immediates(a) {
  return [a * 2, a % 3, a & 0xff, a | 1, a ^ 1, a << 2, a >> 1, a >>> 28, -a * 0, 2 ** 31 | 0, "7" * 2, (a + 0.5) & 3].join();
}
print(immediates(-7));
// expect: -14,-1,249,-7,-8,-28,-4,15,0,-2147483648,14,2

function tdz() {
  const out = [];
  for (let k = 0; k < 2; k++) {
    try { out.push(v); } catch (e) { out.push(e instanceof ReferenceError); }
    let v = k;
    out.push(v);
  }
  switch (1) {
    case 0: let s = 1;
    case 1: try { s; } catch (e) { out.push("switch-tdz"); }
  }
  return out.join();
}
print(tdz());
// expect: true,0,true,1,switch-tdz

function calls() {
  "use strict";
  function who() { return this; }
  const o = { who, name: "o" };
  let f = o.who;
  return [who() === undefined, o.who() === o, f() === undefined, (0, o.who)() === undefined].join();
}
print(calls());
// expect: true,true,true,true
