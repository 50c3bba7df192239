// promises, async/await, job ordering
const log = [];
Promise.resolve().then(() => log.push("micro1"));
(async () => { log.push("async-start"); await null; log.push("after-await"); })();
log.push("sync");
Promise.resolve().then(() => log.push("micro2"));
setTimeoutish();
function setTimeoutish() { Promise.resolve().then(() => Promise.resolve()).then(() => print(log.join(","))); }
async function thrower() { throw new Error("boom"); }
thrower().catch(e => print("caught", e.message));
// expect: caught boom
// expect: async-start,sync,micro1,after-await,micro2
