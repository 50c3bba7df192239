// expect: SyntaxError
eval("if (1) ".repeat(2e5) + ";");
