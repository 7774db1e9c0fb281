import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { ensureSealKeys, requireIngressSignature, signAdminToken, signIngress, verifyAdminToken, verifyIngress } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import type { TestDatabase } from '../helpers/databases';
import { describePhp, FakeService, phpDatabase, runPhpTest, startFakeService, startSilentService, unusedServiceUrl } from './helpers';

interface AdminOutput {
  secret: string;
  minted: Array<{ page: string; token: string; minted_at: number }>;
  fixed: { claims: { shops: number[]; employee: number; exp: number; lang: string }; token: string };
  ingress: { body: string; t: number; header: string };
  ttl: number;
}

/** The real service app on the database the module installed, with a wake endpoint like the notifications'. */
async function startRealService(database: TestDatabase, secret: string): Promise<{ url: string; wakes: number; close(): Promise<void> }> {
  const state = { wakes: 0 };
  const ingress = Router();
  ingress.post('/events/wake', requireIngressSignature(secret), (_req, res) => {
    state.wakes++;
    res.status(202).json({ woke: true });
  });
  const ctx = { db: database.db, config: loadConfig({}), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
  const server: Server = createApp(ctx, [{ ingress }]).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get wakes() {
      return state.wakes;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describePhp('PrestaShop module: back-office pages, tokens and configure page', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const services: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    ({ database, env } = await phpDatabase());
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
    await database.drop();
  });

  it('frames each page with a one-hour token verifyAdminToken accepts for the employee and the context shops', async () => {
    const out: AdminOutput = (await runPhpTest('admin.php', env)).output;
    expect(out.secret).to.match(/^[0-9a-f]{64}$/);
    expect(out.minted.map((m) => m.page)).to.deep.equal(['marketing', 'notifications', 'campaign-history', 'notification-history', 'settings', 'settings']);
    out.minted.forEach((m, i) => {
      const claims = verifyAdminToken(out.secret, m.token);
      expect(claims, m.page).to.not.equal(null);
      const last = i === out.minted.length - 1;
      expect(claims).to.deep.include({ shops: last ? [2] : [1, 3], employee: 12, lang: last ? 'en' : 'fr' });
      expect(claims!.exp - m.minted_at).to.be.within(out.ttl, out.ttl + 5);
      expect(out.ttl).to.equal(3600);
      expect(verifyAdminToken('f'.repeat(64), m.token)).to.equal(null);
      expect(verifyAdminToken(out.secret, m.token, (claims!.exp + 1) * 1000)).to.equal(null);
    });
  });

  it('mints byte for byte the token and signature the service would for the same claims', async () => {
    const out: AdminOutput = (await runPhpTest('admin.php', env)).output;
    expect(out.fixed.token).to.equal(signAdminToken(out.secret, out.fixed.claims as never));
    expect(verifyAdminToken(out.secret, out.fixed.token, 1_900_000_000_000)).to.deep.equal(out.fixed.claims);
    const { body, t, header } = out.ingress;
    expect(header).to.equal(signIngress(out.secret, body, t * 1000));
    expect(verifyIngress(out.secret, header, body, t * 1000)).to.equal(true);
    expect(verifyIngress(out.secret, header, body.replace('42', '43'), t * 1000)).to.equal(false);
  });

  it("is accepted by the service's own admin API and wake endpoint", async () => {
    const out: AdminOutput = (await runPhpTest('admin.php', env)).output;
    const service = await startRealService(database, out.secret);
    services.push(service);
    const whoami = await fetch(`${service.url}/api/whoami`, { headers: { authorization: `Bearer ${out.minted[0].token}` } });
    expect(whoami.status).to.equal(200);
    expect(await whoami.json()).to.deep.include({ employee: 12, shops: [1, 3] });
    const hooks = (await runPhpTest('hooks.php', { ...env, SHOPCAST_TEST_SERVICE_URL: service.url })).output;
    expect(hooks.wake_logs).to.deep.equal([]);
    expect(service.wakes).to.equal(hooks.events.length);
  });

  it('validates URLs, tests the connection, rotates the secret and deletes data only when confirmed', async function () {
    this.timeout(30000);
    await runPhpTest('install.php', env);
    // The service has started (its key pair exists) and a back-office page sealed the secret for it.
    await ensureSealKeys(database.db);
    const { secret } = (await runPhpTest('publish.php', env)).output;
    const real = await startRealService(database, secret);
    const report = (status: string) => ({ status, database: { ok: true, dialect: 'mysql' }, migrations: { current: false, pending: [3] }, provider: { name: 'sandbox', configured: true } });
    const fakes: FakeService[] = [
      await startFakeService((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify(report('degraded')))),
      await startFakeService((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a shop</html>')),
      await startSilentService(),
    ];
    services.push(real, ...fakes);
    const run = await runPhpTest('configure.php', {
      ...env,
      SHOPCAST_TEST_HEALTH_OK: real.url,
      SHOPCAST_TEST_HEALTH_DEGRADED: fakes[0].url,
      SHOPCAST_TEST_HEALTH_BOGUS: fakes[1].url,
      SHOPCAST_TEST_HEALTH_HANG: fakes[2].url,
      SHOPCAST_TEST_HEALTH_DOWN: await unusedServiceUrl(),
    });
    console.log(`      connection test on a silent service gave up after ${run.output.hang_seconds.toFixed(2)} s`);
    expect(fakes[0].requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /health']);
  });
});
