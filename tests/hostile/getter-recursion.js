// expect: RangeError
var o = {};
Object.defineProperty(o, "x", { get() { return this.x; } });
o.x;
