// var/let/const, hoisting, TDZ, block scope, closures in loops
print(typeof hoisted); var hoisted = 1;
// expect: undefined
let fns = []; for (let i = 0; i < 3; i++) fns.push(() => i);
print(fns.map(f => f()).join(","));
// expect: 0,1,2
try { t; let t = 1; } catch (e) { print(e.name); }
// expect: ReferenceError
const c = 5; try { c = 6; } catch (e) { print(e.constructor.name); }
// expect: TypeError
{ let x = 1; { let x = 2; print(x); } print(x); }
// expect: 2
// expect: 1
