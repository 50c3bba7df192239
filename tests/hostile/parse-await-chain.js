// expect: SyntaxError
Function("return async () => " + "await ".repeat(2e5) + "1");
