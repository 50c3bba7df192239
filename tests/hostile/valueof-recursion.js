// expect: RangeError
var o = { valueOf() { return +this; } };
+o;
