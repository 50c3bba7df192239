// expect: RangeError
function f() { return f(); }
f();
