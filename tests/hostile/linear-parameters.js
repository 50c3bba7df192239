// expect: ok 3
var names = [];
for (var i = 0; i < 30000; i++) names.push("a" + i);
var f = Function(names.join(","), "\"use strict\"; return a0 + a29999;");
console.log(f(1, ...new Array(29998), 2));
