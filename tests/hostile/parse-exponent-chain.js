// expect: SyntaxError
eval("2 ** ".repeat(2e5) + "1");
