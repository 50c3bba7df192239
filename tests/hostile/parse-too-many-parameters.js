// expect: SyntaxError
var p = [];
for (var i = 0; i < 70000; i++) p.push("a" + i);
Function(p.join(","), "return 1");
