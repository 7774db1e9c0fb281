import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { ensureSealKeys, moduleSecretSource, readModuleSecret, requireIngressSignature, signAdminToken, signIngress, storeModuleSecret } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

/** The app as startService builds it (the stored secret, followed across rotations) with a wake route like the notifications'. */
async function startApp(t: TestDatabase, env: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig(env);
  const secret = await moduleSecretSource(t.db, config);
  const ctx: AppContext = { db: t.db, config, log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
  const ingress = Router();
  ingress.post('/events/wake', requireIngressSignature(ctx.secret), (_req, res) => {
    res.status(202).json({ woke: true });
  });
  const server: Server = createApp(ctx, [{ ingress }]).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describeEachDialect('module secret rotation while the service runs', (dialect) => {
  let t: TestDatabase;
  let app: { url: string; close(): Promise<void> } | undefined;

  beforeEach(async () => {
    t = await dialect.create();
    await migrate(t.db);
  });
  afterEach(async () => {
    await app?.close();
    await t.drop();
  });

  const wake = (url: string, secret: string) => {
    const body = JSON.stringify({ id_event: 1 });
    return fetch(`${url}/api/events/wake`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(secret, body) } });
  };
  const whoami = (url: string, secret: string) =>
    fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${signAdminToken(secret, { shops: [], employee: 1, exp: Math.floor(Date.now() / 1000) + 60 })}` } });

  it('accepts a wake signed with a rotated secret without a restart, and the previous one for a while', async () => {
    app = await startApp(t, {});
    const keys = await ensureSealKeys(t.db);
    const before = (await readModuleSecret(t.db, keys))!;
    expect((await wake(app.url, before)).status).to.equal(202);
    const rotated = 'b'.repeat(32) + '0123456789abcdef'.repeat(2);
    await storeModuleSecret(t.db, keys, rotated);
    expect((await wake(app.url, rotated)).status, 'new secret').to.equal(202);
    expect((await whoami(app.url, rotated)).status, 'page token with the new secret').to.equal(200);
    expect((await whoami(app.url, before)).status, 'page opened before the rotation').to.equal(200);
    expect((await wake(app.url, 'f'.repeat(64))).status, 'any other secret').to.equal(401);
  });

  it('keeps SHOPCAST_MODULE_SECRET whatever the table says', async () => {
    const fixed = '9'.repeat(64);
    app = await startApp(t, { SHOPCAST_MODULE_SECRET: fixed });
    await storeModuleSecret(t.db, await ensureSealKeys(t.db), 'c'.repeat(64));
    expect((await wake(app.url, 'c'.repeat(64))).status).to.equal(401);
    expect((await wake(app.url, fixed)).status).to.equal(202);
  });
});
