// `stack` is formatted when first read, then kept.
const out = [];
const emit = (s) => { globalThis.result = s; if (typeof console === 'object') console.log(s); };
function make(m) { return new Error(m); }
function main() {
  const lazy = make('lazy');
  Error.prepareStackTrace = (e, s) => 'PREPARED ' + e.message + ' ' + s[0].getFunctionName();
  out.push(lazy.stack);
  Error.prepareStackTrace = undefined;
  out.push(lazy.stack);
  const early = make('early');
  out.push(early.stack.split('\n')[0]);
  Error.prepareStackTrace = () => 'too late';
  out.push(early.stack.split('\n')[0]);
  Error.prepareStackTrace = () => { throw new RangeError('from prepare'); };
  const t = make('t');
  try { t.stack; out.push('no throw'); } catch (e) { out.push('threw ' + e.name + ' ' + e.message); }
  Error.prepareStackTrace = undefined;
  out.push(t.stack.split('\n')[0]);
  Error.prepareStackTrace = 42;
  out.push(make('n').stack.split('\n')[0]);
  Error.prepareStackTrace = (e, s) => s.length > 0 ? 7 : 0;
  out.push(typeof make('num').stack);
  Error.prepareStackTrace = undefined;
  const h = make('header'); h.name = 'Late'; h.message = 'changed';
  out.push(h.stack.split('\n')[0]);
  const child = Object.create(make('proto'));
  out.push(child.stack.split('\n')[0] + ' own=' + Object.getOwnPropertyNames(child).length);
  child.stack = 'own value';
  out.push(child.stack + ' own=' + Object.getOwnPropertyNames(child).join());
  const d = make('del'); out.push(delete d.stack, d.stack);
}
main();
emit(out.join('\n'));
