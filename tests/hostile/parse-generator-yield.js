// expect: SyntaxError
Function("return function* () { " + "yield ".repeat(2e5) + "1 }");
