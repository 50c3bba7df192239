// Error.prepareStackTrace receives CallSite objects; their methods.
'use strict';
const out = [];
const emit = (s) => { globalThis.result = s; if (typeof console === 'object') console.log(s); };
const methods = ['getTypeName', 'getFunctionName', 'getMethodName', 'getFileName', 'getLineNumber',
  'getColumnNumber', 'getEvalOrigin', 'isToplevel', 'isEval', 'isNative', 'isConstructor', 'isAsync',
  'isPromiseAll', 'getPromiseIndex'];
function describe(cs) {
  const parts = [];
  for (const m of methods) {
    const v = cs[m]();
    parts.push(m + '=' + (typeof v === 'string' ? JSON.stringify(v) : String(v)));
  }
  parts.push('toString=' + String(cs));
  return parts.join(' ');
}
function upToMain(sites) {
  const i = sites.findIndex((s) => s.getFunctionName() === 'main');
  return sites.slice(0, i + 1);
}
class A { constructor() { this.e = new Error('ctor'); } m() { return new Error('m'); } }
const sloppy = (0, eval)('(function () { return [1].map(function sl() { return new Error("sl"); })[0]; })');
function main() {
  Error.prepareStackTrace = (err, sites) => ({ err: String(err), sites: upToMain(sites).map(describe) });
  for (const e of [new A().e, new A().m(), sloppy()]) {
    out.push(e.stack.err);
    for (const s of e.stack.sites) out.push('  ' + s);
  }
  Error.prepareStackTrace = (err, sites) => sites;
  const sites = new Error('x').stack;
  out.push(Array.isArray(sites), Object.prototype.toString.call(sites[0]));
  out.push(Object.getPrototypeOf(sites[0]) === Object.getPrototypeOf(new Error('y').stack[0]));
  const proto = Object.getPrototypeOf(sites[0]);
  out.push(methods.every((m) => typeof proto[m] === 'function'));
  function thisCheck() { return new Error('t').stack[0]; }
  out.push(typeof thisCheck.call({}).getThis(), typeof thisCheck.call({}).getFunction());
  const sloppyCheck = (0, eval)('(function sloppyCheck() { return new Error("t").stack[0]; })');
  const site = sloppyCheck.call({ tag: 1 });
  out.push(site.getThis().tag, site.getFunction() === sloppyCheck);
  Error.prepareStackTrace = function () { return this === Error; };
  out.push(new Error('recv').stack);
  Error.prepareStackTrace = undefined;
}
main();
emit(out.join('\n'));
