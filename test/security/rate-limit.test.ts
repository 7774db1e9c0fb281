import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { requireIngressSignature, signAdminToken, signIngress } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { sqliteDialect, TestDatabase } from '../helpers/databases';

const secret = 'r'.repeat(64);

describe('rate limits', () => {
  let t: TestDatabase;
  let server: Server;
  let base: string;

  before(async () => {
    t = await sqliteDialect.create();
    await migrate(t.db);
    const ctx: AppContext = { db: t.db, config: loadConfig({ SHOPCAST_RATE_LIMIT: '10' }), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    const ingress = Router();
    ingress.post('/events/wake', requireIngressSignature(secret), (_req, res) => {
      res.json({ woke: true });
    });
    server = createApp(ctx, [{ ingress }]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  });

  const whoami = (token: string) => fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
  const good = () => signAdminToken(secret, { shops: [], employee: 1, exp: Math.floor(Date.now() / 1000) + 60 });

  it('lets good tokens through, then answers 429 after too many refused ones', async () => {
    for (let i = 0; i < 15; i++) expect((await whoami(good())).status).to.equal(200);
    for (let i = 0; i < 10; i++) expect((await whoami('v1.bad.token')).status).to.equal(401);
    const limited = await whoami('v1.bad.token');
    expect(limited.status).to.equal(429);
    expect((await limited.json()).error.code).to.equal('rate_limited');
  });

  it('never throttles correctly signed module calls, and answers 429 after too many refused ones', async () => {
    const wake = (key: string) => fetch(`${base}/api/events/wake`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(key, '{}') } });
    // Three times the limit of signed wakes, as a busy shop sends: none counts.
    for (let i = 0; i < 30; i++) expect((await wake(secret)).status).to.equal(200);
    for (let i = 0; i < 10; i++) expect((await wake('x'.repeat(64))).status).to.equal(401);
    const limited = await wake('x'.repeat(64));
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('ratelimit')).to.be.a('string');
    expect((await limited.json()).error.code).to.equal('rate_limited');
    expect((await fetch(`${base}/health`)).status).to.not.equal(429);
  });
});
