// expect: SyntaxError
eval("var " + "{a:".repeat(2e5) + "b" + "}".repeat(2e5) + " = {};");
