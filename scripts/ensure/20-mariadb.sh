#!/usr/bin/env bash
# Integration tests run on MariaDB/MySQL too. Use SHOPCAST_TEST_MYSQL_URL when given; otherwise
# make sure the local server at 127.0.0.1:3306 answers, starting it if it is installed but down,
# and that the tests can log in over TCP:
# - as root without a password (what test/helpers/databases.ts tries by default), or
# - on a stock Debian install, where root logs in only through the socket (unix_socket plugin),
#   as a dedicated user `shopcast_test` this script creates over the socket (it runs as the OS root
#   user), with a random password and rights on the shopcast_test_* databases only. Its URL is
#   handed to the tests in $SHOPCAST_TEST_URL_FILE (default node_modules/.cache/shopcast/
#   test-mysql-url, mode 600): each ensure step runs in its own shell, so no variable survives.
# Under CI=true a missing server is an error; elsewhere the MySQL tests skip with the reason.
set -uo pipefail
if [ -n "${SHOPCAST_TEST_MYSQL_URL:-}" ]; then exit 0; fi

url_file=${SHOPCAST_TEST_URL_FILE:-node_modules/.cache/shopcast/test-mysql-url}
client=$(command -v mariadb || command -v mysql || true)
admin=$(command -v mariadb-admin || command -v mysqladmin || true)
test_user=shopcast_test

# `mysqladmin ping` succeeds even when the login is refused: it only says the server runs.
server_up() { [ -n "$admin" ] && "$admin" --protocol=tcp -h127.0.0.1 -P3306 ping >/dev/null 2>&1; }
tcp_login() { [ -n "$client" ] && "$client" --protocol=tcp -h127.0.0.1 -P3306 -u"$1" ${2:+"-p$2"} -e 'SELECT 1' >/dev/null 2>&1; }
socket_sql() { [ -n "$client" ] && "$client" -uroot -e "$1" >/dev/null 2>&1; }

fail_or_skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "$1 (required under CI=true)." >&2
    exit 1
  fi
  echo "$1: MySQL integration tests will be skipped."
  exit 0
}

start_server() {
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
    if [ "${CI:-}" != "true" ]; then fail_or_skip "MariaDB is not installed (apt-get install mariadb-server)"; fi
    echo "installing MariaDB (needed under CI=true)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server) >/dev/null
    client=$(command -v mariadb || command -v mysql || true)
    admin=$(command -v mariadb-admin || command -v mysqladmin || true)
  fi
  echo "starting MariaDB..."
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do
    if server_up; then return 0; fi
    sleep 0.5
  done
  fail_or_skip "MariaDB did not answer at 127.0.0.1:3306"
}

# A user for the tests, made over the socket as root; its password is kept in the URL file so a
# re-run reuses it (ALTER USER sets it again either way, so a lost file is no problem).
create_test_user() {
  local password=""
  if [ -f "$url_file" ]; then password=$(sed -n "s#^mysql://$test_user:\([0-9a-f]\{32\}\)@.*#\1#p" "$url_file"); fi
  if [ -z "$password" ]; then password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n'); fi
  local sql=""
  for host in 127.0.0.1 localhost; do
    sql+="CREATE USER IF NOT EXISTS '$test_user'@'$host' IDENTIFIED BY '$password';"
    sql+="ALTER USER '$test_user'@'$host' IDENTIFIED BY '$password';"
    # Every test database is shopcast_test_<timestamp>_...: all rights there, none elsewhere.
    sql+="GRANT ALL PRIVILEGES ON \`shopcast\\_test\\_%\`.* TO '$test_user'@'$host';"
  done
  socket_sql "$sql" || return 1
  tcp_login "$test_user" "$password" || return 1
  mkdir -p "$(dirname "$url_file")"
  (umask 077 && printf 'mysql://%s:%s@127.0.0.1:3306\n' "$test_user" "$password" > "$url_file")
}

server_up || start_server

if tcp_login root; then
  # The default works: a URL left by an earlier run would only be a detour.
  rm -f "$url_file"
  exit 0
fi
if create_test_user; then
  echo "root cannot log in over TCP without a password: the tests use the MariaDB user $test_user ($url_file)."
  exit 0
fi
echo "MariaDB answers, but root cannot log in over TCP without a password and no test user could be"
echo "made over the socket (run this as the OS root user), or set"
echo "SHOPCAST_TEST_MYSQL_URL=mysql://user:pass@127.0.0.1:3306 for a user that can create databases."
fail_or_skip "no MariaDB login for the tests"
