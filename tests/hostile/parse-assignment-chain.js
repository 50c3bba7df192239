// expect: SyntaxError
eval("a = ".repeat(2e5) + "1");
