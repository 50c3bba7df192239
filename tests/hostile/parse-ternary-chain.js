// expect: SyntaxError
eval("a ? b : ".repeat(2e5) + "1");
