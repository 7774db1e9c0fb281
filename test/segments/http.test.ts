import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { signAdminToken } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { segmentRoutes } from '../../service/src/segments/routes';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { AT, only, ShopFixture } from './fixtures';

const secret = 'k'.repeat(64);

describeEachDialect('segment HTTP API', (dialect) => {
  let t: TestDatabase;
  let server: Server;
  let base: string;

  before(async () => {
    const opened = await ShopFixture.open(dialect);
    t = opened.t;
    for (let i = 0; i < 25; i++) await opened.shop.customer({ newsletter: i % 5 === 0 ? 0 : 1 });
    await opened.shop.customer({ id_shop: 2 });
    const ctx: AppContext = {
      db: t.db,
      config: loadConfig({}),
      log: createLogger('silent'),
      secret,
      provider: { name: 'sandbox', configured: async () => true },
    };
    server = createApp(ctx, [segmentRoutes(ctx)]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/segments`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  });

  const post = async (endpoint: string, body: unknown, shops: number[] = [], lang = 'en') => {
    const token = signAdminToken(secret, { shops, employee: 1, exp: Math.floor(Date.now() / 1000) + 60 });
    const res = await fetch(`${base}/${endpoint}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': lang },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('counts a segment', async () => {
    const res = await post('count', { segment: only({ field: 'newsletter', value: true }), at: AT.toISOString() });
    expect(res).to.deep.equal({
      status: 200,
      body: { matched: 20, reachable: 20, dropped: { no_number: 0, invalid: 0, landline: 0, opted_out: 0, duplicate: 0 } },
    });
  });

  it('previews the first 20 recipients with masked numbers and emails', async () => {
    const res = await post('preview', { segment: only() });
    expect(res.status).to.equal(200);
    expect(res.body.recipients).to.have.lengthOf(20);
    expect(res.body.recipients[0]).to.deep.equal({ id_customer: 1, firstname: 'First1', lastname: 'Last1', email: 'c*@example.test', phone: '+33 6 ** ** ** 01', country: 'FR', id_shop: 1 });
    expect(JSON.stringify(res.body)).not.to.include('+336120000');
  });

  it("refuses a shop outside the token's shops, naming it", async () => {
    const res = await post('count', { segment: { shops: [1, 2], criteria: [] } }, [1], 'fr');
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('unauthorized');
    expect(res.body.error.issues[0]).to.deep.include({ path: 'shops[1]', messages: { en: 'your access does not cover shop 2', fr: 'votre accès ne couvre pas la boutique 2' } });
    expect((await post('count', { segment: { shops: [1], criteria: [] } }, [1])).status).to.equal(200);
  });

  it('answers 400 with FR and EN issues for bad criteria, a bad instant or a bad body', async () => {
    const bad = await post('count', { segment: only({ field: 'orders_count', op: '>', value: 2 }) }, [], 'fr');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.title).to.equal("La requête n'est pas valide.");
    expect(bad.body.error.issues).to.deep.equal([
      {
        path: 'criteria[0].months',
        key: 'months',
        params: { name: 'months', allowed: '>, <, =' },
        message: 'critère 1 (orders_count) : months doit être un nombre entier de mois de 1 à 240',
        messages: {
          en: 'criterion 1 (orders_count): months must be a whole number of months from 1 to 240',
          fr: 'critère 1 (orders_count) : months doit être un nombre entier de mois de 1 à 240',
        },
      },
    ]);
    expect((await post('count', { segment: only(), at: 'yesterday' })).body.error.issues[0].key).to.equal('at');
    expect((await post('preview', only())).body.error.issues[0].key).to.equal('body');
  });
});
