// expect: ok done
var parts = [];
for (var i = 0; i < 1e5; i++) parts.push("l" + i + ": for (;;) break l" + i + ";");
Function(parts.join(""))();
console.log("done");
