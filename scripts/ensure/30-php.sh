#!/usr/bin/env bash
# The PrestaShop module's tests run the PHP CLI with mysqli (against MariaDB) and curl (the wake
# call, as on every PrestaShop server). Installs php-cli, php-mysql and php-curl from Debian when
# php or one of those extensions is missing; a no-op once they are there.
# Under CI=true a failed install is an error; elsewhere the PHP tests skip and say why.
set -uo pipefail

ready() {
  command -v php >/dev/null 2>&1 && php -r 'exit(extension_loaded("mysqli") && extension_loaded("curl") ? 0 : 1);' >/dev/null 2>&1
}

if ready; then exit 0; fi
echo "installing the PHP CLI with its mysql and curl extensions (apt-get install php-cli php-mysql php-curl)..."
if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli php-mysql php-curl) >/dev/null 2>&1 && ready; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "could not install php-cli, php-mysql and php-curl (required under CI=true)." >&2
  exit 1
fi
echo "PHP with mysqli and curl is not available: the PrestaShop module tests (test/php) will be skipped."
exit 0
