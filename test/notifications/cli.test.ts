import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sqliteDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, createShop } from '../helpers/shop-fixtures';

const root = path.resolve(__dirname, '..', '..');

describe('shopcast notify test', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let order: number;

  before(async () => {
    t = await sqliteDialect.create();
    await createShop(t.db);
    const c = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const a = await addAddress(t.db, { id_customer: c, phone_mobile: '06 12 34 56 78' });
    order = await addOrder(t.db, { id_customer: c, id_address_delivery: a, reference: 'REFCLI' });
  });
  after(async () => {
    await t.drop();
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'shopcast.js'), 'notify', 'test', ...args], {
      cwd: root,
      env: { ...process.env, SHOPCAST_DB_URL: t.url, SHOPCAST_PROVIDER: 'sandbox', SHOPCAST_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });

  it('renders the default text of an event for a real order and sends it through the sandbox', async () => {
    const out = run('--event', 'order_state:4', '--order', String(order), '--json');
    expect(out.stderr).to.equal('');
    expect(out.status).to.equal(0);
    const result = JSON.parse(out.stdout);
    expect(result).to.include({ to: '+33612345678', status: 'accepted', parts: 1 });
    expect(result.text).to.equal('Cher Marie Dupont, votre commande REFCLI a été expédiée. Bonne journée, Ma Boutique.');
    const recorded = await t.db.knex(t.db.ownTable('sandbox_message')).select('recipient', 'message');
    expect(recorded).to.deep.equal([{ recipient: '+33612345678', message: result.text }]);
  });

  it('names the known events when the event is unknown, and exits 2', () => {
    const out = run('--event', 'order_shipped', '--order', String(order));
    expect(out.status).to.equal(2);
    expect(out.stderr).to.match(/--event: unknown event "order_shipped"; known: order_state:1, /);
  });

  it('says the order is missing rather than sending an empty text', () => {
    const out = run('--event', 'order_state:4', '--order', '424242');
    expect(out.status).to.equal(2);
    expect(out.stderr.trim()).to.equal('shopcast: order 424242 not found');
  });
});
