// expect: ok 1
var parts = [];
for (var i = 0; i < 6e4; i++) parts.push("const a" + i + " = " + i + ";");
console.log(Function(parts.join("") + "return () => a1;")()());
