// expect: RangeError
encodeURIComponent("\u1234".repeat(2 ** 27));
