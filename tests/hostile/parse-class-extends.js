// expect: SyntaxError
eval("x = " + "class extends ".repeat(2e5) + "Object {}" + "{}".repeat(2e5 - 1));
