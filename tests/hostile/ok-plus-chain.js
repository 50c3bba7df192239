// expect: ok 100001
var a = 1;
console.log(eval("a" + " + a".repeat(1e5)));
