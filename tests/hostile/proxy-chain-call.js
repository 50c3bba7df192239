// expect: RangeError
var f = function () {};
for (var i = 0; i < 1e6; i++) f = new Proxy(f, {});
f();
