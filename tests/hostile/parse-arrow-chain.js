// expect: SyntaxError
eval("x => ".repeat(2e5) + "1");
