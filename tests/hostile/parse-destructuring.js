// expect: SyntaxError
eval("var " + "[".repeat(2e5) + "a" + "]".repeat(2e5) + " = [];");
