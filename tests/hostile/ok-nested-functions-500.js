// expect: ok 500
var s = "";
for (var i = 0; i < 500; i++) s += "(function () { return 1 + ";
s += "0";
for (var i = 0; i < 500; i++) s += "; })()";
console.log(eval(s));
