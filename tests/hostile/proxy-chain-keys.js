// expect: RangeError
var p = { x: 1 };
for (var i = 0; i < 1e6; i++) p = new Proxy(p, {});
Object.keys(p);
