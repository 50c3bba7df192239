// expect: SyntaxError
(0, eval)("(".repeat(2e5) + "1" + ")".repeat(2e5));
