// expect: SyntaxError
eval("x = " + "{a:".repeat(2e5) + "1" + "}".repeat(2e5));
