// expect: RangeError
var a = [];
a.length = 2 ** 32 - 2;
a.push(1, 2, 3);
