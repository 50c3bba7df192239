// expect: SyntaxError
eval("if (a) b; else ".repeat(2e5) + ";");
