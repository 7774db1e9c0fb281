import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../../service/src/db';
import { spawnService } from '../helpers/spawn-service';

const root = path.resolve(__dirname, '..', '..');

describe('shopcast serve with no configuration', function () {
  this.timeout(120_000);
  let dataDir: string;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-serve-'));
  });
  after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the demo shop on a new SQLite file, answers /health 200, serves the admin page and stops cleanly', async () => {
    const service = await spawnService({ SHOPCAST_DATA_DIR: dataDir });
    try {
      expect(service.output()).to.include('Shopcast is running on sqlite with the sandbox provider.');
      const health = await fetch(`${service.url}/health`);
      expect(health.status).to.equal(200);
      expect((await health.json()).status).to.equal('ok');
      const page = await fetch(`${service.url}/admin/`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.include('<title>Shopcast</title>');
      const me = await fetch(`${service.url}/api/whoami`, { headers: { authorization: `Bearer ${service.token}` } });
      expect(me.status).to.equal(200);
      const db = connectDatabase(`sqlite:${path.join(dataDir, 'demo-shop.sqlite')}`, 'ps_');
      try {
        const [{ n }] = await db.knex('ps_customer').count({ n: '*' });
        expect(Number(n), 'demo customers generated on first start').to.equal(2000);
      } finally {
        await db.close();
      }
    } finally {
      expect(await service.stop()).to.equal(0);
    }
  });

  it('keeps the same module secret across restarts, so tokens stay valid', async () => {
    const first = await spawnService({ SHOPCAST_DATA_DIR: dataDir });
    const token = first.token;
    await first.stop();
    const second = await spawnService({ SHOPCAST_DATA_DIR: dataDir });
    try {
      const me = await fetch(`${second.url}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).to.equal(200);
    } finally {
      await second.stop();
    }
  });

  it('stops with one clear line and exit code 2 on a bad configuration value', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'shopcast.js'), 'serve'], {
      cwd: root,
      env: { ...process.env, SHOPCAST_PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal('shopcast: SHOPCAST_PORT: expected a port number, got "eighty"');
  });
});
