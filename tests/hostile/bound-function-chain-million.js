// expect: RangeError
// A million bound functions: their names ("bound bound … ") share
// characters through ropes instead of growing quadratically, and the call
// ends in a RangeError rather than exhausting memory or the native stack.
var f = function () {};
for (var i = 0; i < 1e6; i++) f = f.bind(null);
f();
