// expect: ok 1
var a = 1;
console.log(eval("a" + " && a".repeat(1e5)));
