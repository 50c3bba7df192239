// expect: RangeError
var f = function () { return 1; };
for (var i = 0; i < 1e4; i++) f = f.bind(null);
f();
