// expect: RangeError
var o = {};
for (var i = 0; i < 1e6; i++) o = { a: o };
JSON.stringify(o);
