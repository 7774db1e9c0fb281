#!/usr/bin/env bash
# The admin pages' browser tests (test/e2e) drive Debian's Chromium through playwright-core,
# which never downloads a browser of its own. Installs the `chromium` package when
# /usr/bin/chromium is missing; a no-op once it is there.
# Under CI=true a failed install is an error; elsewhere the browser tests skip and say why.
set -uo pipefail

if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "installing Chromium for the browser tests (apt-get install chromium)..."
if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 && [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "could not install chromium (required under CI=true)." >&2
  exit 1
fi
echo "Chromium is not available at /usr/bin/chromium: the admin pages' browser tests (test/e2e) will be skipped."
exit 0
