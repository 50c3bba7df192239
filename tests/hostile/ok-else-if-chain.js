// expect: ok 999
var parts = [];
for (var i = 0; i < 1000; i++) parts.push("if (x === " + i + ") r = " + i + "; else ");
var x = 999, r;
eval(parts.join("") + "r = -1;");
console.log(r);
