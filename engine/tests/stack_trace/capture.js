// Error.captureStackTrace(obj, fn).
const out = [];
const emit = (s) => { globalThis.result = s; if (typeof console === 'object') console.log(s); };
function upToMain(s) {
  const lines = s.split('\n');
  const i = lines.findIndex((l) => l.startsWith('    at main '));
  return (i < 0 ? lines : lines.slice(0, i + 1)).join("\n");
}
function hide() { return inner(); }
function inner() { const x = {}; Error.captureStackTrace(x, hide); return x; }
function plain() { const x = {}; Error.captureStackTrace(x); return x; }
function notOnStack() {}
function main() {
  out.push(upToMain(hide().stack));
  out.push(upToMain(plain().stack));
  const y = {}; Error.captureStackTrace(y, notOnStack); out.push(JSON.stringify(y.stack));
  const o2 = { name: 'N', message: 'M' }; Error.captureStackTrace(o2); out.push(upToMain(o2.stack));
  o2.message = 'changed later'; out.push(o2.stack.split('\n')[0]);
  const o3 = { toString() { return 'TS'; } }; Error.captureStackTrace(o3); out.push(o3.stack.split('\n')[0]);
  const d = Object.getOwnPropertyDescriptor(o3, 'stack'); out.push(d.enumerable, d.configurable);
  try { Error.captureStackTrace(Object.freeze({})); } catch (e) { out.push(e.constructor.name); }
  try { Error.captureStackTrace(1); } catch (e) { out.push(e.constructor.name); }
  const err = new Error('re'); Error.captureStackTrace(err, notOnStack); out.push(JSON.stringify(err.stack));
  Error.stackTraceLimit = 1;
  out.push(upToMain(plain().stack));
  Error.stackTraceLimit = 10;
  function MyErr(msg) { this.message = msg; Error.captureStackTrace(this, MyErr); }
  MyErr.prototype = Object.create(Error.prototype); MyErr.prototype.name = 'MyErr';
  out.push(upToMain(new MyErr('custom').stack));
}
main();
emit(out.join('\n'));
