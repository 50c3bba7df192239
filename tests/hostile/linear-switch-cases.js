// expect: ok 77777
var parts = ["switch (x) {"];
for (var i = 0; i < 1e5; i++) parts.push("case " + i + ": return " + i + ";");
console.log(Function("x", parts.join("") + "}")(77777));
