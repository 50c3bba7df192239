// expect: SyntaxError
var parts = [];
for (var i = 0; i < 2e5; i++) parts.push("l" + i + ": ");
eval(parts.join("") + ";");
