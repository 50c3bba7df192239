// expect: RangeError
"x".repeat(2 ** 30);
