import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAdminToken } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { readShopOptions } from '../../service/src/shop/options';
import { shopRoutes } from '../../service/src/shop/routes';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { createShop, LANG } from '../helpers/shop-fixtures';

const secret = 'o'.repeat(64);

describeEachDialect('shop options for the segment builder', (dialect) => {
  let t: TestDatabase;
  let server: Server;
  let base: string;

  before(async () => {
    t = await dialect.create();
    await createShop(t.db);
    const stamp = '2026-01-01 00:00:00';
    await t.db.knex(t.db.shopTable('group')).insert([1, 3, 4].map((id) => ({ id_group: id, reduction: '0.00', price_display_method: 0, show_prices: 1, date_add: stamp, date_upd: stamp })));
    await t.db.knex(t.db.shopTable('group_lang')).insert([
      { id_group: 1, id_lang: LANG.fr, name: 'Visiteur' }, { id_group: 1, id_lang: LANG.en, name: 'Visitor' },
      { id_group: 3, id_lang: LANG.fr, name: 'Client' }, { id_group: 3, id_lang: LANG.en, name: 'Customer' },
      { id_group: 4, id_lang: LANG.fr, name: 'Grossistes' },
    ]);
    await t.db.knex(t.db.shopTable('country')).where({ iso_code: 'LU' }).update({ active: 0 });
    const ctx: AppContext = { db: t.db, config: loadConfig({}), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    server = createApp(ctx, [shopRoutes(ctx)]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/shop/options`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await t?.drop();
  });

  it('names shops, groups and active countries in the asked language, falling back to the other one', async () => {
    expect(await readShopOptions(t.db, [], 'en')).to.deep.equal({
      shops: [{ id: 1, name: 'Boutique Paris', zone: 'Europe/Paris' }, { id: 2, name: 'Boutique Lyon', zone: 'Europe/Paris' }],
      groups: [{ id: 1, name: 'Visitor' }, { id: 3, name: 'Customer' }, { id: 4, name: 'Grossistes' }],
      countries: [{ iso: 'BE', name: 'Belgique' }, { iso: 'FR', name: 'France' }, { iso: 'CH', name: 'Suisse' }],
      currency: 'EUR',
    });
    expect((await readShopOptions(t.db, [], 'fr')).groups.map((g) => g.name)).to.deep.equal(['Visiteur', 'Client', 'Grossistes']);
  });

  it('lists only the shops the token covers, and answers 401 without a token', async () => {
    const token = signAdminToken(secret, { shops: [2], employee: 3, exp: Math.floor(Date.now() / 1000) + 600 });
    const res = await fetch(`${base}?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    expect((await res.json()).shops).to.deep.equal([{ id: 2, name: 'Boutique Lyon', zone: 'Europe/Paris' }]);
    expect((await fetch(base)).status).to.equal(401);
  });

  it('gives each shop its own PS_TIMEZONE, and Europe/Paris for a zone that does not exist', async () => {
    const stamp = '2026-01-01 00:00:00';
    await t.db.knex(t.db.shopTable('configuration')).insert([
      { id_shop_group: null, id_shop: 2, name: 'PS_TIMEZONE', value: 'America/Martinique', date_add: stamp, date_upd: stamp },
    ]);
    expect((await readShopOptions(t.db, [], 'en')).shops.map((s) => s.zone)).to.deep.equal(['Europe/Paris', 'America/Martinique']);
    await t.db.knex(t.db.shopTable('configuration')).where({ name: 'PS_TIMEZONE', id_shop: 2 }).update({ value: 'Mars/Olympus' });
    expect((await readShopOptions(t.db, [2], 'en')).shops).to.deep.equal([{ id: 2, name: 'Boutique Lyon', zone: 'Europe/Paris' }]);
  });
});
