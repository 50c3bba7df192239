// expect: RangeError
escape("\u1234".repeat(2 ** 27));
