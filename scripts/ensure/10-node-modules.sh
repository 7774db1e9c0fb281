#!/usr/bin/env bash
# npm packages from package-lock.json; reinstalled only when the lock file changed.
set -euo pipefail
stamp=node_modules/.shopcast-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "installing npm packages (npm ci)..."
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
