// expect: RangeError
class A extends Array { static get [Symbol.species]() { return function () { return new A(1).map(x => x); }; } }
new A(1).map(x => x);
