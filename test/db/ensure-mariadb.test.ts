import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

/**
 * scripts/ensure/20-mariadb.sh with stand-ins for the mariadb client and admin tool, so the
 * "root logs in only through the socket" path runs here without touching this machine's server
 * or its root login. The stand-in client logs every call and accepts the test user's TCP login
 * only with the password the script's SQL gave it.
 */
const script = path.join(__dirname, '..', '..', 'scripts', 'ensure', '20-mariadb.sh');

const fakeClient = `#!/usr/bin/env bash
echo "$*" >> "$STUB_DIR/calls"
tcp=; user=; pass=; sql=
for a in "$@"; do
  case "$a" in
    --protocol=tcp) tcp=1 ;;
    -u*) user="\${a#-u}" ;;
    -p*) pass="\${a#-p}" ;;
  esac
done
while [ $# -gt 0 ]; do [ "$1" = "-e" ] && sql="$2"; shift; done
if [ -n "$tcp" ] && [ "$user" = root ]; then [ "$STUB_ROOT_TCP" = ok ]; exit; fi
if [ -n "$tcp" ]; then [ -f "$STUB_DIR/password" ] && [ "$pass" = "$(cat "$STUB_DIR/password")" ]; exit; fi
[ "$STUB_SOCKET" = ok ] || exit 1
printf '%s\\n' "$sql" >> "$STUB_DIR/sql"
printf '%s' "$sql" | sed -n "s/.*IDENTIFIED BY '\\([0-9a-f]*\\)'.*/\\1/p" | head -1 > "$STUB_DIR/password"
`;

interface Run {
  status: number | null;
  out: string;
  dir: string;
  urlFile: string;
}

function run(dir: string, env: Record<string, string>): Run {
  const urlFile = path.join(dir, 'cache', 'test-mysql-url');
  const result = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { PATH: `${dir}/bin:${process.env.PATH}`, STUB_DIR: dir, SHOPCAST_TEST_URL_FILE: urlFile, CI: '', ...env },
  });
  return { status: result.status, out: result.stdout + result.stderr, dir, urlFile };
}

function stubDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-ensure-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'mariadb'), fakeClient, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'mariadb-admin'), '#!/usr/bin/env bash\nexit 0\n', { mode: 0o755 });
  return dir;
}

describe('scripts/ensure/20-mariadb.sh: a login for the tests', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = stubDir();
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes a test user over the socket when root cannot log in over TCP, and hands its URL over in a private file', () => {
    const r = run(fresh(), { STUB_ROOT_TCP: 'no', STUB_SOCKET: 'ok' });
    expect(r.status, r.out).to.equal(0);
    const url = fs.readFileSync(r.urlFile, 'utf8').trim();
    const password = fs.readFileSync(path.join(r.dir, 'password'), 'utf8').trim();
    expect(password).to.match(/^[0-9a-f]{32}$/);
    expect(url).to.equal(`mysql://shopcast_test:${password}@127.0.0.1:3306`);
    expect(fs.statSync(r.urlFile).mode & 0o777).to.equal(0o600);
    const sql = fs.readFileSync(path.join(r.dir, 'sql'), 'utf8');
    for (const host of ['127.0.0.1', 'localhost']) {
      expect(sql).to.include(`CREATE USER IF NOT EXISTS 'shopcast_test'@'${host}'`);
      expect(sql).to.include(`GRANT ALL PRIVILEGES ON \`shopcast\\_test\\_%\`.* TO 'shopcast_test'@'${host}'`);
    }
    expect(sql).not.to.match(/ON \*\.\*/);
    expect(r.out).not.to.include(password);
  });

  it('keeps the same password when run again', () => {
    const dir = fresh();
    const first = run(dir, { STUB_ROOT_TCP: 'no', STUB_SOCKET: 'ok' });
    const again = run(dir, { STUB_ROOT_TCP: 'no', STUB_SOCKET: 'ok' });
    expect(again.status).to.equal(0);
    expect(fs.readFileSync(again.urlFile, 'utf8')).to.equal(fs.readFileSync(first.urlFile, 'utf8'));
  });

  it('changes nothing and removes a stale URL file when root logs in over TCP', () => {
    const dir = fresh();
    run(dir, { STUB_ROOT_TCP: 'no', STUB_SOCKET: 'ok' });
    const r = run(dir, { STUB_ROOT_TCP: 'ok', STUB_SOCKET: 'ok' });
    expect(r.status).to.equal(0);
    expect(fs.existsSync(r.urlFile)).to.equal(false);
    expect(fs.readFileSync(path.join(dir, 'sql'), 'utf8').trim().split('\n')).to.have.length(1);
  });

  it('skips outside CI and fails under CI=true when no login can be made', () => {
    const outside = run(fresh(), { STUB_ROOT_TCP: 'no', STUB_SOCKET: 'no' });
    expect(outside.status).to.equal(0);
    expect(outside.out).to.include('MySQL integration tests will be skipped');
    const ci = run(fresh(), { STUB_ROOT_TCP: 'no', STUB_SOCKET: 'no', CI: 'true' });
    expect(ci.status).to.equal(1);
    expect(ci.out).to.include('required under CI=true');
    expect(fs.existsSync(ci.urlFile)).to.equal(false);
  });

  it('does nothing when SHOPCAST_TEST_MYSQL_URL is given', () => {
    const r = run(fresh(), { SHOPCAST_TEST_MYSQL_URL: 'mysql://u:p@db:3306', STUB_ROOT_TCP: 'no', STUB_SOCKET: 'ok' });
    expect(r.status).to.equal(0);
    expect(fs.existsSync(path.join(r.dir, 'calls'))).to.equal(false);
  });
});
