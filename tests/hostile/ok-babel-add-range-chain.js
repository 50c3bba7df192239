// expect: ok 549
var n = 0;
var set = { addRange(a, b) { n++; return set; } };
eval("set" + ".addRange(0x30, 0x39)".repeat(549));
console.log(n);
