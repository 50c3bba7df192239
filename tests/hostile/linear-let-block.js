// expect: ok 12345
var parts = ["{"];
for (var i = 0; i < 1e5; i++) parts.push("let a" + i + " = " + i + ";");
console.log(Function(parts.join("") + "return a12345; }")());
