// Error.stackTraceLimit: numbers are truncated and clamped, anything else
// captures nothing (stack is undefined); read without running getters.
const out = [];
const emit = (s) => { globalThis.result = s; if (typeof console === 'object') console.log(s); };
function f() { return new Error('a'); }
function g() { return f(); }
function main() {
  for (const lim of [0, 1, 2.7, -1, NaN, '2', undefined, null]) {
    Error.stackTraceLimit = lim;
    const e = g();
    out.push(String(lim) + ' ' + JSON.stringify(e.stack) + ' ' + Object.getOwnPropertyNames(e).join());
  }
  Error.stackTraceLimit = Infinity;
  out.push('Infinity ' + g().stack.split('\n').slice(0, 4).join('|'));
  delete Error.stackTraceLimit;
  out.push('deleted ' + JSON.stringify(g().stack));
  let calls = 0;
  Object.defineProperty(Error, 'stackTraceLimit', { get() { calls++; return 3; }, configurable: true });
  out.push('getter ' + JSON.stringify(g().stack) + ' calls=' + calls);
  Object.defineProperty(Error, 'stackTraceLimit', { value: 1, writable: true, configurable: true });
  out.push('restored ' + JSON.stringify(g().stack));
  Error.stackTraceLimit = 10;
  try { null.x; } catch (e) { Error.stackTraceLimit = 0; out.push('engine ' + e.stack.split('\n').slice(0, 2).join('|')); }
  Error.stackTraceLimit = 0;
  try { null.x; } catch (e) { out.push('engine0 ' + JSON.stringify(e.stack)); }
  Error.stackTraceLimit = 10;
}
main();
emit(out.join('\n'));
