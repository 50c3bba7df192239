// expect: RangeError
"x".padEnd(2 ** 31);
