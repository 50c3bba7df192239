#!/usr/bin/env python3
"""Measure the hard limits (docs/limits.md): for each case, wall clock from
outside (median of N runs), the time past the limit minus the start-up
time, and peak RSS (from wait4). Usage:

    cargo build --release -p lode
    LODE=target/release/lode N=5 python3 scripts/measure-limits.py [time|heap]
"""
import os, sys, time, subprocess, statistics

L = os.environ.get("LODE", "target/release/lode")
N = int(os.environ.get("N", "5"))

TIME_CASES = [
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "for(;;){}"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "/(a+)+$/.test(\"a\".repeat(40)+\"b\")"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "Array.prototype.indexOf.call({length: 2**53-1}, 1)"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "while(true) [].concat([1])"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "Array.prototype.includes.call({length: 2**53-1}, 1)"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "Array.prototype.join.call({length: 2**30})"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "Array.prototype.sort.call({length: 2**32-1})"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "Array.from({length: 2**32-1})"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "\"x\".repeat(2**28)"
 },
 {
  "flag": "--time-limit=500",
  "limit_ms": 500,
  "code": "var a=new Array(1e6).fill([1,2,3]); for(;;) JSON.stringify(a)"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "var t=new Uint8Array(2**24); for(;;) t.indexOf(5)"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "var t=new Float64Array(2**22); for(;;) t.sort()"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "var s=\"ab\".repeat(2**20); for(;;) s.replace(/a/g, \"c\")"
 },
 {
  "flag": "--time-limit=50",
  "limit_ms": 50,
  "code": "var s=\"ab\".repeat(2**20); for(;;) s.split(\"\")"
 },
 {
  "flag": "--time-limit=500",
  "limit_ms": 500,
  "code": "var s=\"ab\".repeat(2**24); for(;;) s.indexOf(\"c\")"
 },
 {
  "flag": "--time-limit=500",
  "limit_ms": 500,
  "code": "var s=\"ab\".repeat(2**24); for(;;) s.toUpperCase()"
 }
]

HEAP_CASES = [
 {
  "flag": "--max-old-space-size=256",
  "code": "let a=[]; for(;;) a.push({x: [1,2,3], s: \"ab\"+a.length})"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let a=[]; for(let i=0;;i++) a.push(\"abcdefghij\".repeat(10)+i)"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let s=\"ab\"; for(;;) s = s + s"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let m=new Map(); for(let i=0;;i++) m.set(i, \"v\"+i)"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let b=[]; for(;;) b.push(new Uint8Array(1<<20).fill(1))"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let b=[]; for(;;) b.push(new ArrayBuffer(1<<20))"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let a=[]; for(;;) a.push(new Array(1000).fill(1))"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let o={}; for(let i=0;;i++) o[\"k\"+i]=i"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "let f=null; for(;;) { let p=f; f=function(){ return p; }; }"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "\"x\".repeat(2**28)"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "new Array(2**28).fill(0)"
 },
 {
  "flag": "--max-old-space-size=256",
  "code": "Array.from({length: 2**28})"
 }
]


def run(args):
    t0 = time.perf_counter()
    p = subprocess.Popen([L] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    err = p.stderr.read().decode().strip().splitlines()
    p.stderr.close()
    return (t1 - t0) * 1000, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), (err[-1] if err else "")


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "time"
    cases = TIME_CASES if which == "time" else HEAP_CASES
    startup = statistics.median(run(["-e", "0"])[0] for _ in range(11))
    print(f"startup median {startup:.1f} ms")
    for c in cases:
        flag, code, lim = c["flag"], c["code"], c.get("limit_ms")
        rs = [run([flag, "-e", code]) for _ in range(N)]
        wall = statistics.median(r[0] for r in rs)
        rss = max(r[1] for r in rs)
        codes = ",".join(sorted(set(str(r[2]) for r in rs)))
        msgs = " / ".join(sorted(set(r[3] for r in rs)))
        past = f"{wall - startup - lim:.1f}" if lim else "-"
        print(f"| `lode {flag} -e '{code}'` | {wall:.0f} | {past} | {rss:.0f} | {codes} | {msgs} |")


if __name__ == "__main__":
    main()
