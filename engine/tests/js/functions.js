// closures, default/rest/destructured parameters, arguments, arrows
function mk(n) { return function (m = n * 2, ...rest) { return [n, m, rest.length]; }; }
print(mk(3)().join(","), mk(3)(1, 2, 3).join(","));
// expect: 3,6,0 3,1,2
function args(a, b) { arguments[0] = 10; return a + arguments.length; }
print(args(1, 2, 3));
// expect: 13
function strictArgs(a) { "use strict"; arguments[0] = 10; return a; }
print(strictArgs(1));
// expect: 1
const obj = { v: 7, get() { return [1].map(() => this.v)[0]; } };
print(obj.get());
// expect: 7
function named({ a, b: [c, d = 4] }, [e] = [5]) { return a + c + d + e; }
print(named({ a: 1, b: [2] }));
// expect: 12
print((function f(n) { return n ? n * f(n - 1) : 1; })(5));
// expect: 120
function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
print(deep(5000));
// expect: 5000
try { (function r() { r(); })(); } catch (e) { print(e instanceof RangeError); }
// expect: true
