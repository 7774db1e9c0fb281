#!/usr/bin/env bash
# The first README command: install, build, and start the service. With no configuration it
# runs on the embedded SQLite demo shop (created on first start) with the sandbox provider.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure/10-node-modules.sh
npm run --silent build
exec node dist/service/src/cli/main.js serve "$@"
