// expect: RangeError
var a = [1];
for (var i = 0; i < 1e6; i++) a = [a];
a.join();
