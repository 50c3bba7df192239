// expect: SyntaxError
Function("return " + "(".repeat(2e5) + "1" + ")".repeat(2e5));
