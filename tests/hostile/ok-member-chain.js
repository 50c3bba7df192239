// expect: ok true
var o = {};
o.o = o;
console.log(eval("o" + ".o".repeat(3e4)) === o);
