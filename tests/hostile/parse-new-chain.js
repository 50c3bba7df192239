// expect: SyntaxError
eval("new ".repeat(2e5) + "Object");
