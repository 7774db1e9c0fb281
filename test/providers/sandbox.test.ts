import { expect } from 'chai';
import { migrate, ShopDb } from '../../service/src/db';
import { createSandboxProvider, SANDBOX_CREDIT, sandboxTrigger } from '../../service/src/providers';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { messages, rejectionOf } from './helpers';

describe('sandbox failure triggers (pure)', () => {
  it('rejects numbers ending in 0011 with code 11 and in 0021 with code 21, and loses those ending in 0099', () => {
    expect(sandboxTrigger('+33612340011')).to.include({ status: 'rejected', code: '11' });
    expect(sandboxTrigger('0612340021')).to.include({ status: 'rejected', code: '21' });
    expect(sandboxTrigger('+33612340099')).to.include({ status: 'unknown' });
    expect(sandboxTrigger('+33612345678')).to.equal(null);
  });
});

describeEachDialect('sandbox provider', (dialect) => {
  let test: TestDatabase;
  let db: ShopDb;

  before(async () => {
    test = await dialect.create();
    db = test.db;
    await migrate(db);
  });
  beforeEach(async () => {
    await db.knex(db.ownTable('sandbox_message')).del();
    await db.knex(db.ownTable('opt_out')).del();
  });
  after(() => test?.drop());

  const recorded = () => db.knex(db.ownTable('sandbox_message')).select('recipient', 'sender', 'message', 'tracker').orderBy('id_message');

  it('records accepted messages with sender and tracker, and answers with a fake id', async () => {
    const results = await createSandboxProvider(db).send(
      [
        { to: '+33612345678', text: 'Bonjour', tracker: 'n1' },
        { to: '+33612340011', text: 'Refusé', tracker: 'n2' },
      ],
      { sender: 'MaBoutique' },
    );
    expect(results.map((r) => [r.status, r.code, r.providerId])).to.deep.equal([
      ['accepted', '0', 'sandbox-n1'],
      ['rejected', '11', undefined],
    ]);
    expect(await recorded()).to.deep.equal([{ recipient: '+33612345678', sender: 'MaBoutique', message: 'Bonjour', tracker: 'n1' }]);
  });

  it('reports the 0021 and 0099 triggers and records neither', async () => {
    const results = await createSandboxProvider(db).send([
      { to: '+33612340021', text: 'a', tracker: 'a1' },
      { to: '+33612340099', text: 'b', tracker: 'b1' },
    ]);
    expect(results.map((r) => [r.status, r.code])).to.deep.equal([
      ['rejected', '21'],
      ['unknown', 'ECONNRESET'],
    ]);
    expect(await recorded()).to.deep.equal([]);
  });

  it('records a 1,200-message batch in full', async () => {
    const results = await createSandboxProvider(db).send(messages(1200));
    expect(results.filter((r) => r.status === 'accepted').length).to.equal(1200);
    expect(Number((await db.knex(db.ownTable('sandbox_message')).count({ n: '*' }))[0].n)).to.equal(1200);
  });

  it('refuses marketing to a number it blacklisted, but lets a transactional message through', async () => {
    const provider = createSandboxProvider(db);
    await provider.addToBlacklist('0612345678');
    expect(await provider.readBlacklist()).to.deep.equal(['+33612345678']);
    const to = [{ to: '+33612345678', text: 'Promo', tracker: 'm1' }];
    expect((await provider.send(to, { marketing: true }))[0]).to.include({ status: 'rejected', code: '11' });
    expect((await provider.send(to, { marketing: false }))[0]).to.include({ status: 'accepted' });
  });

  it('counts parts with the SMS core, STOP mention included for marketing under a sender', async () => {
    const provider = createSandboxProvider(db);
    expect(await provider.count({ to: '+33612345678', text: 'x'.repeat(150) })).to.deep.equal({ characters: 150, parts: 1 });
    expect((await provider.count({ to: '+33612345678', text: 'x'.repeat(150) }, { marketing: true, sender: 'Shop' })).parts).to.equal(2);
  });

  it('reports its fixed demo credit, is always configured, and accepts directory contacts', async () => {
    const provider = createSandboxProvider(db);
    expect(await provider.credit()).to.deep.equal(SANDBOX_CREDIT);
    expect(await provider.configured()).to.equal(true);
    const id = await provider.createDirectory('VIP');
    const added = await provider.addToDirectory(id, [
      { phone: '+33612345678', name: 'Dupont' },
      { phone: '+33612340021', name: 'Martin' },
    ]);
    expect(added.map((a) => a.status)).to.deep.equal(['accepted', 'rejected']);
  });

  it('refuses to drop the STOP mention of a marketing message', async () => {
    const err = await rejectionOf(createSandboxProvider(db).send(messages(1), { marketing: true, nostop: true }));
    expect(err.code).to.equal('invalid_input');
  });
});
