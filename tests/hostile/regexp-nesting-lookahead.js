// expect: SyntaxError
new RegExp("(?=".repeat(1e5) + "a" + ")".repeat(1e5));
