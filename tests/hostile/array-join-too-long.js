// expect: RangeError
new Array(2 ** 26).join("abcdefgh");
