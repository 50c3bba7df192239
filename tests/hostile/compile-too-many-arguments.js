// expect: SyntaxError
var a = [];
for (var i = 0; i < 70000; i++) a.push(i);
eval("Math.max(" + a.join(",") + ")");
