// expect: SyntaxError
var AsyncFunction = (async function () {}).constructor;
AsyncFunction("return " + "(".repeat(2e5) + "1" + ")".repeat(2e5));
