#!/usr/bin/env bash
# Lode's test command (the README's second command; .ci/run calls it).
#
# 1. builds the workspace in release mode,
# 2. runs test262 against the committed expectations (fails on any test
#    that passed before and fails now),
# 3. runs the test262 slice of test262/gc-stress-subset.txt with a
#    collection at every safepoint: any verdict that differs from a normal
#    run fails (docs/architecture.md, "GC roots"),
# 4. runs the unit and integration tests (cargo test; among them the
#    rooting lint), whose summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked

# test262 lives beside the clone (../shared/test262) unless told otherwise.
if [ -z "${LODE_TEST262_DIR:-}" ] && [ ! -d ../shared/test262 ]; then
    echo "test262 not found: set LODE_TEST262_DIR" >&2
    exit 2
fi
target="${CARGO_TARGET_DIR:-target}"
"$target/release/lode-test262" --check --no-report

# The collector must not change a verdict (the slow generated tests get a
# longer timeout: every safepoint after an allocation collects).
"$target/release/lode-test262" --gc-stress --check --no-report --timeout 60 \
    --subset test262/gc-stress-subset.txt

# Popular npm libraries' browser bundles give the same output as under node.
if command -v node >/dev/null && command -v npm >/dev/null; then
    tests/npm/run.sh "$(cd "$target/release" && pwd)/lode"
else
    echo "node/npm not found: skipping tests/npm" >&2
fi

cargo test --release --locked
