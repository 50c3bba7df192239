#!/usr/bin/env bash
# Loads six popular npm libraries' browser bundles as plain scripts, runs
# tests/npm/usage.js against them under lode and under node (in a fresh
# vm context, like a browser global), and compares the output.
# Usage: tests/npm/run.sh [path/to/lode]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lode="${1:-$here/../../target/release/lode}"
cd "$here"
npm install --no-audit --no-fund --no-package-lock --silent >/dev/null
bundles=(
    node_modules/lodash/lodash.min.js
    node_modules/acorn/dist/acorn.js
    node_modules/marked/marked.min.js
    node_modules/js-yaml/dist/js-yaml.min.js
    node_modules/moment/min/moment.min.js
    node_modules/handlebars/dist/handlebars.min.js
)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for b in "${bundles[@]}"; do cat "$b"; printf '\n;\n'; done > "$work/all.js"
cat usage.js >> "$work/all.js"
node -e "require('vm').runInNewContext(require('fs').readFileSync(process.argv[1], 'utf8'), { console })" "$work/all.js" > "$work/node.out"
"$lode" "$work/all.js" > "$work/lode.out"
if diff -u "$work/node.out" "$work/lode.out"; then
    echo "npm bundles: 6 passed, 0 failed"
else
    echo "npm bundles: 0 passed, 6 failed"
    exit 1
fi
