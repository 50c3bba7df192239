// generators, iterators, spread, destructuring from iterables
function* gen() { const x = yield 1; try { yield x * 2; } finally { print("cleanup"); } }
const g = gen(); print(g.next().value, g.next(5).value, g.return(7).value, g.next().done);
// expect: cleanup
// expect: 1 10 7 true
function* inner() { yield "a"; yield "b"; return "r"; }
function* outer() { const r = yield* inner(); yield r; }
print([...outer()].join(""));
// expect: abr
const [p, , q = 9, ...rest] = "wxyz"; print(p, q, rest.join(""));
// expect: w y z
print(Math.max(...[3, 8, 1]), [..."héllo"].length);
// expect: 8 5
