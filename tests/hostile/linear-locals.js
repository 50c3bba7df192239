// expect: ok 99999
var n = 1e5, names = [];
for (var i = 0; i < n; i++) names.push("a" + i);
var f = Function("var " + names.join(",") + "; a99999 = 99999; a0 = 0; return a0 + a99999;");
console.log(f());
