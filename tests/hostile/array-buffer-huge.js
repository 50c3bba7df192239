// expect: RangeError
new ArrayBuffer(2 ** 53 - 1);
