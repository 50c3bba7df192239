// expect: ok undefined
var o = {};
for (var i = 0; i < 1e6; i++) o = Object.create(o);
console.log(o.x);
