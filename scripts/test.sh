#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, starts what they need,
# then runs the whole suite. Idempotent: safe to run again on a machine that already has it all.
set -euo pipefail
cd "$(dirname "$0")/.."

for step in scripts/ensure/*.sh; do
  bash "$step"
done

if [ "$#" -eq 0 ]; then set -- "test/**/*.test.ts"; fi
npx mocha --config .mocharc.json "$@"
