// Long concatenations are ropes (string.rs), flattened on first read; every
// reader must see the same characters as for a flat string.
let s = '';
for (let i = 0; i < 100000; i++) s += 'ab';
print(s.length, s.slice(0, 5), s.charCodeAt(199999), s.endsWith('abab'));
// expect: 200000 ababa 98 true

// Mixed widths: a one-byte rope grows a two-byte tail.
let u = 'x'.repeat(300);
u += 'é€';
u = '€' + u;
print(u.length, u.charCodeAt(0), u.charCodeAt(301), u.charCodeAt(302), u.indexOf('€', 1));
// expect: 303 8364 233 8364 302

// A rope read in the middle of its growth, then grown further.
let w = 'q'.repeat(260);
const lens = [];
for (let i = 0; i < 5; i++) { w += String(i).repeat(100); lens.push(w.length + w[w.length - 1]); }
print(lens.join(','));
// expect: 3600,4601,5602,6603,7604

// Equality, hashing and property keys see contents, not cells.
const k1 = 'k'.repeat(300) + 'z', k2 = 'k'.repeat(200) + 'k'.repeat(100) + 'z';
const o = {}; o[k1] = 1;
const m = new Map([[k2, 2]]);
print(k1 === k2, o[k2], m.get(k1), Object.keys(o)[0] === k2, JSON.stringify(k1).length);
// expect: true 1 2 true 303

// Deep ropes: a million tiny pieces, then read at once.
let d = '';
for (let i = 0; i < 1000000; i++) d += 'x';
print(d.length, d.lastIndexOf('x'), /^x+$/.test(d));
// expect: 1000000 999999 true
