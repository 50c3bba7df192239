// expect: ok 30000
var n = 0;
var o = { f() { n++; return o; } };
eval("o" + ".f()".repeat(3e4));
console.log(n);
