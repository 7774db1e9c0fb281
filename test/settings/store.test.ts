import { expect } from 'chai';
import { ensureModuleSecret, ensureSealKeys, readModuleSecret } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { listSettings, maskSecret, readSetting, writeSetting } from '../../service/src/settings';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

describeEachDialect('settings store', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
    await migrate(t.db);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('reads back what it wrote and overwrites on a second write', async () => {
    await writeSetting(t.db, 'default_sender', 'MaBoutique');
    await writeSetting(t.db, 'default_sender', 'Boutique2');
    expect(await readSetting(t.db, 'default_sender')).to.equal('Boutique2');
    expect(await readSetting(t.db, 'missing')).to.equal(null);
  });

  it("prefers a shop's own value over the shared one", async () => {
    await writeSetting(t.db, 'default_sender', 'Shared');
    await writeSetting(t.db, 'default_sender', 'ShopTwo', { idShop: 2 });
    expect(await readSetting(t.db, 'default_sender', 2)).to.equal('ShopTwo');
    expect(await readSetting(t.db, 'default_sender', 1)).to.equal('Shared');
    expect(await readSetting(t.db, 'default_sender')).to.equal('Shared');
  });

  it('masks secrets in listings', async () => {
    await writeSetting(t.db, 'isendpro_keyid', '5f1ca74b80c00926fd0bd21821d616f0', { secret: true });
    await writeSetting(t.db, 'default_sender', 'MaBoutique');
    const list = await listSettings(t.db);
    expect(list).to.deep.equal([
      { id_shop: 0, name: 'default_sender', value: 'MaBoutique', is_secret: false },
      { id_shop: 0, name: 'isendpro_keyid', value: '••••••••16f0', is_secret: true },
    ]);
    expect(maskSecret('short')).to.equal('••••••••');
  });

  it('generates the module secret once, stores it, and returns the same one on the next start', async () => {
    const config = loadConfig({});
    const first = await ensureModuleSecret(t.db, config);
    expect(first).to.match(/^[0-9a-f]{64}$/);
    expect(await ensureModuleSecret(t.db, config)).to.equal(first);
    expect(await readModuleSecret(t.db, await ensureSealKeys(t.db))).to.equal(first);
    expect(await readSetting(t.db, 'module_secret')).to.match(/^sealed:v1:/).and.not.include(first);
  });

  it('uses SHOPCAST_MODULE_SECRET when set and stores nothing', async () => {
    const secret = 'e'.repeat(48);
    expect(await ensureModuleSecret(t.db, loadConfig({ SHOPCAST_MODULE_SECRET: secret }))).to.equal(secret);
    expect(await readSetting(t.db, 'module_secret')).to.equal(null);
  });
});
