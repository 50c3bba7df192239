// expect: ok 2
console.log(eval("(1" + ", 1".repeat(1e5) + ", 2)"));
