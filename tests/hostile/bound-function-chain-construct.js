// expect: RangeError
var f = function () {};
for (var i = 0; i < 1e4; i++) f = f.bind(null);
new f();
