// Default `stack` text: constructors, methods, aliases, classes, natives,
// eval, engine-thrown errors. Frames below `main` are the host's.
const out = [];
const emit = (s) => { globalThis.result = s; if (typeof console === 'object') console.log(s); };
function upToMain(s) {
  const lines = s.split('\n');
  const i = lines.findIndex((l) => l.startsWith('    at main '));
  return (i < 0 ? lines : lines.slice(0, i + 1)).join("\n");
}
function Foo() { this.e = new Error('in ctor'); }
const o = { m: function () { return new Error('meth'); } };
o.alias = o.m;
const p = { q: function () { return new Error('aliased'); } };
p.other = p.q; delete p.q;
class K { method() { return new Error('class'); } static s() { return new Error('static'); } get g() { return new Error('getter'); } }
function named() { return new Error('named'); }
function ev() { return eval('new Error("ev")'); }
function main() {
  out.push(upToMain(new Foo().e.stack));
  out.push(upToMain(o.m().stack));
  out.push(upToMain(o.alias().stack));
  out.push(upToMain(p.other().stack));
  out.push(upToMain(new K().method().stack));
  out.push(upToMain(K.s().stack));
  out.push(upToMain(Reflect.get(new K(), 'g').stack));
  out.push(upToMain(named().stack));
  out.push(upToMain([1].map(function cb() { return new Error('map'); })[0].stack));
  out.push(upToMain([1].map(() => new Error('arrow'))[0].stack));
  let r; [1].forEach(function each() { r = named(); }); out.push(upToMain(r.stack));
  new Promise(function executor() { r = named(); }); out.push(upToMain(r.stack));
  try { null.x; } catch (e) { out.push(upToMain(e.stack.replace(/^TypeError: .*/, 'TypeError'))); }
  try { JSON.parse('{'); } catch (e) { out.push(upToMain(e.stack.replace(/^SyntaxError: .*/, 'SyntaxError'))); }
  try { [1].map(5); } catch (e) { out.push(upToMain(e.stack.replace(/^TypeError: .*/, 'TypeError'))); }
  out.push(upToMain(ev().stack));
  out.push(upToMain(eval('(function inner() { return eval("new Error(\'nested\')"); })()').stack));
  const e = new Error('before'); e.message = 'after'; e.name = 'Renamed'; out.push(upToMain(e.stack));
  class MyError extends Error {}
  out.push(upToMain(new MyError('sub').stack));
  const s = new Error('set'); s.stack = 'custom'; out.push(s.stack);
  out.push(Object.getOwnPropertyNames(new Error('x')).join());
}
main();
emit(out.join('\n'));
