import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { writeSetting } from '../../service/src/settings';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { sqliteDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, createShop } from '../helpers/shop-fixtures';

const root = path.resolve(__dirname, '..', '..');

describe('shopcast notify test', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let order: number;
  let lyonOrder: number;

  before(async () => {
    t = await sqliteDialect.create();
    fake = await startFakeIsendpro();
    await createShop(t.db);
    const c = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const a = await addAddress(t.db, { id_customer: c, phone_mobile: '06 12 34 56 78' });
    order = await addOrder(t.db, { id_customer: c, id_address_delivery: a, reference: 'REFCLI' });
    const lyon = await addCustomer(t.db, { firstname: 'Paul', lastname: 'Durand', email: 'paul@example.com' });
    const home = await addAddress(t.db, { id_customer: lyon, phone_mobile: '06 22 33 44 55' });
    lyonOrder = await addOrder(t.db, { id_customer: lyon, id_address_delivery: home, reference: 'REFLYON', id_shop: 2 });
    await writeSetting(t.db, 'admin_phone', '+33699887766');
    await writeSetting(t.db, 'admin_phone', '+33677665544', { idShop: 2 });
  });
  after(async () => {
    await fake.close();
    await t.drop();
  });

  /** Runs the command in a child process; asynchronously, so the fake iSendPro in this process can answer it. */
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'bin', 'shopcast.js'), 'notify', 'test', ...args], {
        cwd: root,
        env: { ...process.env, SHOPCAST_DB_URL: t.url, SHOPCAST_PROVIDER: 'sandbox', SHOPCAST_LOG_LEVEL: 'silent', SHOPCAST_LANG: 'en', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const viaFake = () => ({ SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_ISENDPRO_KEYID: FAKE_KEYID });
  const historyRow = (id: number) => t.db.knex(t.db.ownTable('notification')).first('*').where({ id_notification: id });

  it('renders the default text of an event for a real order, sends it through the sandbox and records it in the history', async () => {
    const out = await run(['--event', 'order_state:4', '--order', String(order), '--json']);
    expect(out.stderr).to.equal('');
    expect(out.status).to.equal(0);
    const result = JSON.parse(out.stdout);
    expect(result).to.include({ to: '+33612345678', status: 'sent', parts: 1, id_shop: 1 });
    expect(result.text).to.equal('Cher Marie Dupont, votre commande REFCLI a été expédiée. Bonne journée, Ma Boutique.');
    const recorded = await t.db.knex(t.db.ownTable('sandbox_message')).select('recipient', 'message');
    expect(recorded).to.deep.equal([{ recipient: '+33612345678', message: result.text }]);
    const row = await historyRow(result.id_notification);
    expect(row).to.include({ recipient: '+33612345678', status: 'sent', event: 'order_state:4', id_rule: 0, id_shop: 1, tracker: `n${result.id_notification}` });
    const event = await t.db.knex(t.db.ownTable('event_outbox')).first('event', 'status').where({ id_event: row.id_event });
    expect(event).to.deep.equal({ event: 'notify_test', status: 'done' });
  });

  it("uses the order's own shop: its name and its admin mobile", async () => {
    const out = await run(['--event', 'order_state:4', '--order', String(lyonOrder), '--audience', 'admin', '--json']);
    expect(out.status).to.equal(0);
    expect(JSON.parse(out.stdout)).to.include({ to: '+33677665544', id_shop: 2, status: 'sent' });
  });

  it('refuses --shop naming another shop than the order’s', async () => {
    const out = await run(['--event', 'order_state:4', '--order', String(lyonOrder), '--shop', '1']);
    expect(out.status).to.equal(2);
    expect(out.stderr.trim()).to.equal(`shopcast: --shop 1: order ${lyonOrder} belongs to shop 2`);
  });

  it('honours the opt-out list for a [Client] message: nothing sent, a skipped history row, exit 1', async () => {
    await t.db.knex(t.db.ownTable('opt_out')).insert({ phone: '+33622334455', source: 'provider', created_at: '2026-01-01 00:00:00' });
    const before = fake.requests.length;
    const out = await run(['--event', 'order_state:4', '--order', String(lyonOrder), '--json'], viaFake());
    expect(out.status).to.equal(1);
    const result = JSON.parse(out.stdout);
    expect(result).to.include({ to: '+33622334455', status: 'skipped', message: 'opted_out' });
    expect(fake.requests.length).to.equal(before);
    expect(await historyRow(result.id_notification)).to.include({ status: 'skipped', provider_message: 'opted_out' });
  });

  it('passes nostop when the account allows it, as a real notification does', async () => {
    await writeSetting(t.db, 'nostop_allowed', '1');
    const out = await run(['--event', 'order_state:4', '--order', String(order), '--json'], viaFake());
    await writeSetting(t.db, 'nostop_allowed', null);
    expect(out.status).to.equal(0);
    const sent = fake.requests.filter((r) => r.path === '/sms').at(-1)!;
    expect(sent.body).to.include({ nostop: '1', num: '33612345678' });
  });

  it('names the known events when the event is unknown, and exits 2', async () => {
    const out = await run(['--event', 'order_shipped', '--order', String(order)]);
    expect(out.status).to.equal(2);
    expect(out.stderr).to.match(/--event: unknown event "order_shipped"; known: order_state:1, /);
  });

  it('says the order is missing rather than sending an empty text, in French when asked', async () => {
    expect((await run(['--event', 'order_state:4', '--order', '424242'])).stderr.trim()).to.equal('shopcast: order 424242 not found');
    const out = await run(['--event', 'order_state:4', '--order', '424242'], { SHOPCAST_LANG: 'fr' });
    expect(out.status).to.equal(2);
    expect(out.stderr.trim()).to.equal('shopcast: commande 424242 introuvable');
  });
});
