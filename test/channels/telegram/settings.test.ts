import { expect } from 'chai';
import { readSetting } from '../../../service/src/settings';
import { FAKE_TOKEN, FAKE_USERNAME, textUpdate } from '../../fakes/telegram';
import { describeEachDialect } from '../../helpers/databases';
import { startRig, TelegramRig } from './helpers';

const UNKNOWN_TOKEN = '7000000002:AAUnknownTokenForTheFakeBotApi_987654';

describeEachDialect('Telegram bot settings and webhook', (dialect) => {
  let rig: TelegramRig;
  beforeEach(async () => {
    rig = await startRig(dialect, { token: false });
  });
  afterEach(async () => {
    await rig.close();
  });

  const fieldValue = async (key: string) => ((await rig.call('GET', '/api/settings')).json.fields as Array<{ key: string; value: string | null }>).find((f) => f.key === key)?.value;
  const getMeCalls = (token: string) => rig.fake.calls.filter((c) => c.method === 'getMe' && c.token === token);

  it('refuses a token Telegram does not know, with a French or English sentence, and stores nothing', async () => {
    const fr = await rig.call('PUT', '/api/settings', { telegram_bot_token: UNKNOWN_TOKEN, admin_phone: '0612345678' }, { lang: 'fr' });
    expect(fr.status).to.equal(400);
    expect(fr.json.error.issues).to.deep.equal([{ path: 'telegram_bot_token', message: 'Telegram refuse ce jeton : vérifiez-le auprès de @BotFather.' }]);
    const en = await rig.call('PUT', '/api/settings', { telegram_bot_token: UNKNOWN_TOKEN });
    expect(en.json.error.issues[0].message).to.equal('Telegram refused this token: check it with @BotFather.');
    expect(getMeCalls(UNKNOWN_TOKEN).map((c) => c.status)).to.deep.equal([401, 401]);
    expect(await readSetting(rig.t.db, 'telegram_bot_token')).to.equal(null);
    expect(await readSetting(rig.t.db, 'admin_phone')).to.equal(null);
  });

  it('refuses a malformed token without asking Telegram', async () => {
    const res = await rig.call('PUT', '/api/settings', { telegram_bot_token: 'my-bot' });
    expect(res.status).to.equal(400);
    expect(res.json.error.issues[0].message).to.match(/^This is not a Telegram bot token/);
    expect(rig.fake.calls).to.deep.equal([]);
  });

  it('stores a good token after getMe, shows it masked, starts the bot and never logs it', async () => {
    const saved = await rig.call('PUT', '/api/settings', { telegram_bot_token: FAKE_TOKEN });
    expect(saved.status, saved.text).to.equal(200);
    expect(await readSetting(rig.t.db, 'telegram_bot_token')).to.equal(FAKE_TOKEN);
    expect(await fieldValue('telegram_bot_token')).to.equal(`••••••••${FAKE_TOKEN.slice(-4)}`);
    expect(saved.text).to.not.include(FAKE_TOKEN);
    await rig.telegram.ready();
    expect((await rig.call('GET', '/api/telegram/status')).json).to.deep.equal({ state: 'running', mode: 'polling', username: FAKE_USERNAME, error: null });
    await rig.fake.waitFor((c) => c.method === 'getUpdates');
    expect(rig.logLines.join('\n')).to.not.include(FAKE_TOKEN.split(':')[1]);
  });

  it('asks for the public HTTPS address before webhook mode can be chosen', async () => {
    const missing = await rig.call('PUT', '/api/settings', { telegram_mode: 'webhook' }, { lang: 'fr' });
    expect(missing.json.error.issues).to.deep.equal([{ path: 'telegram_public_url', message: "Le mode webhook demande l'adresse publique HTTPS du service." }]);
    const plain = await rig.call('PUT', '/api/settings', { telegram_mode: 'webhook', telegram_public_url: 'http://shop.example.com' });
    expect(plain.json.error.issues[0]).to.include({ path: 'telegram_public_url' });
    expect((await rig.call('PUT', '/api/settings', { telegram_mode: 'sometimes' })).status).to.equal(400);
    expect(await readSetting(rig.t.db, 'telegram_mode')).to.equal(null);
  });

  it('registers the webhook with a secret and answers 401 when the secret header is wrong or missing', async () => {
    const saved = await rig.call('PUT', '/api/settings', { telegram_bot_token: FAKE_TOKEN, telegram_mode: 'webhook', telegram_public_url: 'https://shop.example.com/shopcast/' });
    expect(saved.status, saved.text).to.equal(200);
    await rig.telegram.ready();
    expect(rig.telegram.status()).to.include({ state: 'running', mode: 'webhook' });
    expect(rig.fake.webhook?.url).to.equal('https://shop.example.com/shopcast/api/telegram/webhook');
    const secret = rig.fake.webhook!.secret_token!;
    expect(secret).to.match(/^[A-Za-z0-9_-]{40,}$/);
    const update = textUpdate(5001, { id: 111, lang: 'en' }, '/help');
    expect(await rig.postWebhook(update, null)).to.equal(401);
    expect(await rig.postWebhook(update, `${secret.slice(0, -1)}x`)).to.equal(401);
    expect(rig.fake.sent).to.deep.equal([]);
    expect(await rig.postWebhook(update, secret)).to.equal(200);
    expect(rig.fake.repliesTo(111)[0]).to.match(/^Commands:/);
    expect(rig.logLines.join('\n')).to.not.include(secret);
  });

  it('answers 404 on the webhook path while the bot long-polls', async () => {
    await rig.call('PUT', '/api/settings', { telegram_bot_token: FAKE_TOKEN });
    await rig.telegram.ready();
    expect(await rig.postWebhook(textUpdate(5002, { id: 111 }, '/help'), 'anything')).to.equal(404);
  });

  it('reports a failed start in the status when the stored token was revoked', async () => {
    await rig.call('PUT', '/api/settings', { telegram_bot_token: FAKE_TOKEN });
    await rig.telegram.ready();
    await rig.t.db.knex(rig.t.db.ownTable('setting')).where({ name: 'telegram_bot_token' }).update({ value: '7000000003:AARevokedTokenRevokedTokenRevoked_12' });
    await rig.telegram.reload();
    expect(rig.telegram.status()).to.deep.include({ state: 'failed', username: null });
    expect(rig.telegram.status().error).to.match(/Unauthorized/);
    expect(rig.logLines.join('\n')).to.not.include('AARevokedToken');
  });

  it('stops cleanly while Telegram keeps failing the bot’s start', async () => {
    rig.fake.breakMethod('deleteWebhook', 502);
    expect((await rig.call('PUT', '/api/settings', { telegram_bot_token: FAKE_TOKEN })).status).to.equal(200);
    const deletes = () => rig.fake.calls.filter((c) => c.method === 'deleteWebhook').length;
    await rig.fake.waitFor((c) => c.method === 'deleteWebhook' && deletes() >= 2);
    expect(rig.telegram.status()).to.include({ state: 'starting', username: FAKE_USERNAME });
    await rig.telegram.stop();
    expect(rig.telegram.status().state).to.equal('off');
  });
});
