// expect: ok { a: { a: { a: [Object] } } }
var o = {};
for (var i = 0; i < 1e6; i++) o = { a: o };
console.log(o);
