// expect: ok 54321
var parts = [];
for (var i = 0; i < 1e5; i++) parts.push("let g" + i + " = " + i + ";");
console.log((0, eval)(parts.join("") + "g54321"));
