import { expect } from 'chai';
import fs from 'node:fs';
import sinon from 'sinon';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { signAdminToken, signIngress, requireIngressSignature } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { ShopcastError } from '../../service/src/errors';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

const secret = 's'.repeat(64);

describeEachDialect('HTTP app', (dialect) => {
  let t: TestDatabase;
  let server: Server;
  let base: string;
  let providerConfigured = true;

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    const ctx: AppContext = {
      db: t.db,
      config: loadConfig({}),
      log: createLogger('silent'),
      secret,
      provider: { name: 'sandbox', configured: async () => providerConfigured },
    };
    const admin = Router();
    admin.get('/boom', () => {
      throw new Error('SELECT * FROM secret_table failed');
    });
    admin.get('/bad', () => {
      throw new ShopcastError('invalid_input', 'sender is too short', { field: 'sender' }, [{ path: 'sender', message: 'too short' }]);
    });
    admin.post('/echo', (req, res) => {
      res.json(req.body);
    });
    const ingress = Router();
    ingress.post('/events/wake', requireIngressSignature(secret), (_req, res) => {
      res.json({ woke: true });
    });
    server = createApp(ctx, [{ admin, ingress }]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  });

  const token = () => signAdminToken(secret, { shops: [], employee: 3, exp: Math.floor(Date.now() / 1000) + 60 });

  it('answers /health with 200 when the database, migrations and provider are fine', async () => {
    providerConfigured = true;
    const res = await fetch(`${base}/health`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({
      status: 'ok',
      database: { ok: true, dialect: dialect.name },
      migrations: { current: true, pending: [] },
      provider: { name: 'sandbox', configured: true },
    });
  });

  it('answers /health with 503 when the provider is not configured', async () => {
    providerConfigured = false;
    const res = await fetch(`${base}/health`);
    expect(res.status).to.equal(503);
    expect((await res.json()).status).to.equal('degraded');
    providerConfigured = true;
  });

  it('refuses admin endpoints without a valid token', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${token()}` }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/api/whoami`, { headers });
      expect(res.status).to.equal(401);
      expect((await res.json()).error.code).to.equal('unauthorized');
    }
  });

  it('lets a valid token through and tells who it is', async () => {
    const res = await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${token()}` } });
    expect(res.status).to.equal(200);
    const body = await res.json();
    expect(body.employee).to.equal(3);
    expect(body.shops).to.deep.equal([]);
  });

  it('turns a ShopcastError into its status with the title in the caller’s language', async () => {
    const res = await fetch(`${base}/api/bad`, { headers: { authorization: `Bearer ${token()}`, 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(res.status).to.equal(400);
    expect((await res.json()).error).to.deep.equal({
      code: 'invalid_input',
      title: "La requête n'est pas valide.",
      message: 'sender is too short',
      params: { field: 'sender' },
      issues: [{ path: 'sender', message: 'too short' }],
    });
  });

  it('hides the detail of an unexpected error', async () => {
    const res = await fetch(`${base}/api/boom`, { headers: { authorization: `Bearer ${token()}` } });
    expect(res.status).to.equal(500);
    const text = await res.text();
    expect(text).not.to.include('secret_table');
    expect(JSON.parse(text).error.code).to.equal('internal');
  });

  it('answers malformed JSON with a 400, not a crash', async () => {
    const res = await fetch(`${base}/api/echo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(res.status).to.equal(400);
    expect((await res.json()).error.code).to.equal('invalid_input');
  });

  it('accepts a signed module call and refuses an unsigned one', async () => {
    const body = JSON.stringify({ id_event: 1 });
    const signed = await fetch(`${base}/api/events/wake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(secret, body) },
      body,
    });
    expect(signed.status).to.equal(200);
    const unsigned = await fetch(`${base}/api/events/wake`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).to.equal(401);
  });

  it('answers 404 for an unknown path with the usual error shape, in the caller’s language', async () => {
    const res = await fetch(`${base}/nope?lang=fr`);
    expect(res.status).to.equal(404);
    expect((await res.json()).error).to.deep.equal({
      code: 'not_found',
      title: 'Introuvable.',
      message: "cette adresse n'existe pas",
      params: { method: 'GET', path: '/nope' },
      issues: [],
    });
    expect((await (await fetch(`${base}/nope`)).json()).error).to.include({ title: 'Not found.', message: 'no such endpoint' });
  });

  it('answers an unknown /api path with 401 without a token and with 404 only to a valid one', async () => {
    const stranger = await fetch(`${base}/api/no-such-route`);
    expect(stranger.status).to.equal(401);
    expect((await stranger.json()).error.code).to.equal('unauthorized');
    const known = await fetch(`${base}/api/no-such-route`, { headers: { authorization: `Bearer ${token()}` } });
    expect(known.status).to.equal(404);
    expect((await known.json()).error.params).to.deep.equal({ method: 'GET', path: '/api/no-such-route' });
  });

  it("returns the token's language from /whoami, null when the token has none", async () => {
    const withLang = signAdminToken(secret, { shops: [2], employee: 4, exp: Math.floor(Date.now() / 1000) + 60, lang: 'fr' });
    const res = await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${withLang}` } });
    expect(await res.json()).to.deep.include({ employee: 4, shops: [2], lang: 'fr' });
    const without = await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${token()}` } });
    expect((await without.json()).lang).to.equal(null);
  });

  it('reads the sql/ files at most once per process however often /health is asked', async () => {
    await fetch(`${base}/health`);
    const reads = sinon.spy(fs, 'readFileSync');
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${base}/health`)).status).to.equal(200);
      expect(reads.getCalls().filter((c) => String(c.args[0]).endsWith('.sql'))).to.have.length(0);
    } finally {
      reads.restore();
    }
  });
});

describe('security headers', () => {
  it('sends a CSP that lets only the configured origins frame the admin pages, and no X-Frame-Options', async () => {
    const config = loadConfig({ SHOPCAST_FRAME_ANCESTORS: 'https://shop.example' });
    const ctx = { db: undefined as never, config, log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    const server = createApp(ctx, []).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).to.include('frame-ancestors https://shop.example');
      expect(csp).to.include("script-src 'self' 'unsafe-eval'");
      expect(res.headers.get('x-frame-options')).to.equal(null);
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
