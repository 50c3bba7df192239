// expect: ok 20000
console.log(eval("\"\"" + " + \"a\"".repeat(2e4)).length);
