// expect: ok 1
console.log(eval("(".repeat(1000) + "1" + ")".repeat(1000)));
