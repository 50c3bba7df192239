// expect: SyntaxError
eval("[" + "...".repeat(2e5) + "a]");
