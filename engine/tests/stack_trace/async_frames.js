// After `await`, the async functions awaiting the current one appear as
// "at async name (…)".
const out = [];
const emit = (s) => { globalThis.result = s; if (typeof console === 'object') console.log(s); };
const clean = (s) => s.split('\n').filter((l) => !l.includes('node:')).join('\n');
async function inner() { await null; throw new Error('deep'); }
async function middle() { await inner(); }
async function outer() { await middle(); }
async function a1() { await 1; return new Error('after').stack; }
async function a2() { const s = await a1(); return s; }
async function sync1() { return new Error('sync').stack; }
class Svc { async run() { await null; return new Error('m').stack; } }
async function caller() { return await new Svc().run(); }
async function main() {
  out.push(clean(await sync1()).split('\n').slice(0, 2).join('\n'));
  out.push(clean(await a2()));
  out.push(clean(await caller()));
  try { await outer(); } catch (e) { out.push(clean(e.stack)); }
}
main().then(() => emit(out.join('\n')));
