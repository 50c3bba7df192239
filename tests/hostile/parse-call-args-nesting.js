// expect: SyntaxError
eval("f(".repeat(2e5) + ")".repeat(2e5));
