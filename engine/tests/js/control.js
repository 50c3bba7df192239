// labels, switch, try/catch/finally completion, for-in/of, optional chaining
outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; print(i, j); } }
// expect: 0 0
// expect: 1 0
function fin() { try { return "try"; } finally { print("finally"); } }
print(fin());
// expect: finally
// expect: try
function sw(x) { switch (x) { case 1: return "one"; case 2: case 3: return "few"; default: return "many"; } }
print(sw(1), sw(3), sw(9));
// expect: one few many
const keys = []; for (const k in { a: 1, b: 2 }) keys.push(k); print(keys.join(""));
// expect: ab
let sum = 0; for (const v of [1, 2, 3]) sum += v; print(sum);
// expect: 6
const o = { a: { b: null } }; print(o?.a?.b?.c, o.x?.y, o.a.b ?? "dflt");
// expect: undefined undefined dflt
let n = null; n ??= 4; let t = 1; t &&= 9; let f = 0; f ||= 3; print(n, t, f, 2 ** 10);
// expect: 4 9 3 1024
print(eval("1; if (true) { 2; }"), eval("3; do { 4; break; } while (false)"));
// expect: 2 4
