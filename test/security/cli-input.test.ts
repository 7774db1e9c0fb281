import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Junk on the command line: every command answers with a short error and exit code 2 (bad
 * input) or 1 (the database is not a shop), never a stack trace and never a changed file.
 */
describe('command line: bad input', function () {
  this.timeout(120_000);
  let dir: string;
  let db: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-cli-junk-'));
    db = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(path.join(dir, 'junk.json'), '{"shops": "x", "criteria": [{"field": "age", "op": "DROP TABLE"}]}');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{not json');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const junk: string[][] = [
    ['campaign', 'show'],
    ['campaign', 'show', "1; DROP TABLE ps_customer"],
    ['campaign', 'list', '--limit', '-5'],
    ['campaign', 'send', '--name', 'x', '--criteria', '/nonexistent/file.json', '--text', 'x'],
    ['segment', 'count', '--criteria', 'JUNK', '--at', 'yesterday'],
    ['segment', 'count'],
    ['notify', 'test', '--event', "'; --", '--order', 'abc'],
    ['notify', 'test', '--event', 'order_state:4', '--audience', 'everyone'],
    ['sms', 'count', '--sender', '💥'.repeat(50), 'x'.repeat(5000)],
    ['admin-link', '--hours', '1e9'],
    ['demo', '--customers', '-1'],
    ['no-such-command'],
  ];

  for (const args of junk) {
    it(`answers \`shopcast ${args.join(' ').slice(0, 60)}\` with a short error`, () => {
      const argv = args.map((a) => (a === 'JUNK' ? path.join(dir, 'junk.json') : a));
      const run = spawnSync(process.execPath, [path.join(root, 'bin', 'shopcast.js'), ...argv], {
        cwd: root,
        env: { ...process.env, SHOPCAST_DB_URL: `sqlite:${db}`, SHOPCAST_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
      expect([1, 2], run.stderr).to.include(run.status);
      expect(run.stderr, 'no stack trace').not.to.match(/^\s+at /m);
      expect(run.stderr.trim().split('\n').length, run.stderr).to.be.at.most(4);
    });
  }

  it('reads a broken criteria file as bad input', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'shopcast.js'), 'segment', 'count', '--criteria', path.join(dir, 'broken.json')], {
      cwd: root,
      env: { ...process.env, SHOPCAST_DB_URL: `sqlite:${db}` },
      encoding: 'utf8',
    });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/JSON/);
  });
});
