import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { currentSecret, ensureSealKeys, moduleSecretSource, requireIngressSignature, signAdminToken } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import type { TestDatabase } from '../helpers/databases';
import { describePhp, phpDatabase, runPhpTest } from './helpers';

describePhp('PrestaShop module: secret rotation seen by the running service', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let server: Server | undefined;

  beforeEach(async () => {
    ({ database, env } = await phpDatabase());
  });
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await database.drop();
  });

  it('accepts the wake and the page token signed with the rotated secret, without a restart', async function () {
    this.timeout(30_000);
    await runPhpTest('install.php', env);
    // The service's first start made its key pair; a back-office page sealed the module's secret for it.
    await ensureSealKeys(database.db);
    const { secret: installed } = (await runPhpTest('publish.php', env)).output;
    // The secret as startService holds it: the stored one, followed across rotations.
    const secret = await moduleSecretSource(database.db, loadConfig({}));
    expect(currentSecret(secret)).to.equal(installed);
    const ctx: AppContext = { db: database.db, config: loadConfig({}), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    let wakes = 0;
    const ingress = Router();
    ingress.post('/events/wake', requireIngressSignature(ctx.secret), (_req, res) => {
      wakes++;
      res.status(202).json({ woke: true });
    });
    server = createApp(ctx, [{ ingress }]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const out = (await runPhpTest('rotate.php', { ...env, SHOPCAST_TEST_SERVICE_URL: url })).output;
    expect(out.wake_logs, 'the module logged no refused wake').to.deep.equal([]);
    expect(wakes, 'both wakes, before and after the rotation, were accepted').to.equal(2);
    const page = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${out.token}` } });
    expect(page.status).to.equal(200);
    expect(await page.json()).to.deep.include({ employee: 12, shops: [2], lang: 'fr' });
    const opened = signAdminToken(out.before, { shops: [], employee: 12, exp: Math.floor(Date.now() / 1000) + 600 });
    const old = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${opened}` } });
    expect(old.status, 'a page opened before the rotation keeps working').to.equal(200);
  });
});
