// expect: RangeError
String.fromCharCode.apply(null, new Array(2 ** 24));
