// expect: SyntaxError
eval("while (0) ".repeat(2e5) + ";");
