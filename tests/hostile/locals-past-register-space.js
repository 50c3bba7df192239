// expect: ok 1 5 7
var n = 70000, names = [];
for (var i = 0; i < n; i++) names.push("a" + i);
var f = Function("var " + names.join(",") + "; a0 = 1; a69999 = 5; a65535 = 7; return [a0, a69999, a65535].join(\" \");");
console.log(f());
