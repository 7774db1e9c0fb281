#!/usr/bin/env bash
# Integration tests run on MariaDB/MySQL too. Use SHOPCAST_TEST_MYSQL_URL when given; otherwise
# make sure the local server at 127.0.0.1:3306 answers, starting it if it is installed but down.
# Under CI=true a missing server is an error; elsewhere the MySQL tests skip with the reason.
set -uo pipefail
if [ -n "${SHOPCAST_TEST_MYSQL_URL:-}" ]; then exit 0; fi

answers() { mysqladmin --protocol=tcp -h127.0.0.1 -P3306 -uroot ping >/dev/null 2>&1; }

if answers; then exit 0; fi
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "installing MariaDB (needed under CI=true)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server) >/dev/null
  else
    echo "MariaDB is not installed: MySQL integration tests will be skipped (apt-get install mariadb-server)."
    exit 0
  fi
fi
echo "starting MariaDB..."
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
for _ in $(seq 1 60); do
  if answers; then exit 0; fi
  sleep 0.5
done
if mysqladmin -uroot ping >/dev/null 2>&1; then
  echo "MariaDB answers on its socket but root cannot log in over TCP without a password."
  echo "Fix: mysql -uroot -e \"ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('')\""
  echo "or set SHOPCAST_TEST_MYSQL_URL=mysql://user:pass@127.0.0.1:3306 for a user that can create databases."
fi
if [ "${CI:-}" = "true" ]; then
  echo "MariaDB did not answer at 127.0.0.1:3306 (required under CI=true)." >&2
  exit 1
fi
echo "MariaDB did not answer: MySQL integration tests will be skipped."
