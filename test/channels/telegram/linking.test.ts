import { expect } from 'chai';
import { linkedChatIds } from '../../../service/src/channels/telegram';
import { FAKE_USERNAME } from '../../fakes/telegram';
import { describeEachDialect } from '../../helpers/databases';
import { startRig, TelegramRig } from './helpers';

const claire = { id: 111, name: 'Claire', lang: 'fr' };
const paul = { id: 222, name: 'Paul', lang: 'en' };
const staffGroup = { id: -100200, type: 'group' as const, name: 'Équipe boutique', lang: 'en' };

describeEachDialect('Telegram linking', (dialect) => {
  let rig: TelegramRig;
  beforeEach(async () => {
    rig = await startRig(dialect);
  });
  afterEach(async () => {
    await rig.close();
  });

  const newCode = async (body: unknown = { id_shop: 1 }) => {
    const res = await rig.call('POST', '/api/telegram/link-codes', body);
    expect(res.status, res.text).to.equal(201);
    return res.json as { code: string; link: string; expires_at: string; id_shop: number };
  };
  const chats = async () => (await rig.call('GET', '/api/telegram/chats')).json.chats as Array<Record<string, unknown>>;

  it('gives a one-time code with its t.me deep link, valid 15 minutes', async () => {
    const issued = await newCode();
    expect(issued.code).to.match(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(issued.link).to.equal(`https://t.me/${FAKE_USERNAME}?start=${issued.code}`);
    expect(issued.expires_at).to.equal('2026-03-02 09:15:00');
    expect(issued.id_shop).to.equal(1);
  });

  it('links a chat with a good code: the bot confirms and the admin API lists the chat', async () => {
    const { code } = await newCode();
    expect(await rig.say(claire, `/link ${code}`)).to.match(/^Ce chat est relié à Ma Boutique\./);
    const [chat] = await chats();
    expect(chat).to.include({ chat_id: 111, id_shop: 1, chat_type: 'private', title: 'Claire', status: 'linked', linked_via: 'code', linked_by: 7 });
  });

  it('links through the deep link /start CODE, and a staff group through /link@bot CODE', async () => {
    const first = await newCode();
    const second = await newCode();
    expect(await rig.say(paul, `/start ${first.code}`)).to.match(/^This chat is now linked to Ma Boutique\./);
    expect(await rig.say(staffGroup, `/link@${FAKE_USERNAME} ${second.code.toLowerCase()}`)).to.match(/linked to Ma Boutique/);
    expect((await chats()).map((c) => [c.chat_id, c.title])).to.deep.equal([[-100200, 'Équipe boutique'], [222, 'Paul']]);
    expect(await linkedChatIds(rig.t.db, 1)).to.deep.equal([-100200, 222]);
    expect(await linkedChatIds(rig.t.db, 2)).to.deep.equal([]);
  });

  it('refuses an expired code and links nothing', async () => {
    const { code } = await newCode();
    rig.clock.now = new Date(rig.clock.now.getTime() + 16 * 60_000);
    expect(await rig.say(claire, `/link ${code}`)).to.match(/^Ce code a expiré/);
    expect(await chats()).to.deep.equal([]);
  });

  it('refuses a wrong code, and a good code sent a second time from another chat', async () => {
    const { code } = await newCode();
    expect(await rig.say(paul, '/link WRONGCODE2')).to.match(/^This code is not valid or was already used/);
    expect(await rig.say(claire, `/link ${code}`)).to.match(/relié/);
    expect(await rig.say(paul, `/link ${code}`)).to.match(/not valid or was already used/);
    expect((await chats()).map((c) => c.chat_id)).to.deep.equal([111]);
  });

  it('unlinks a chat on /unlink, keeping the row with the reason, and says so on /status', async () => {
    await rig.say(claire, `/link ${(await newCode()).code}`);
    await rig.say(paul, `/link ${(await newCode({ id_shop: 0 })).code}`);
    expect(await rig.say(claire, '/status')).to.equal('Ce chat reçoit les notifications de :\n- Ma Boutique (depuis le 2026-03-02)');
    expect(await rig.say(paul, '/status')).to.equal('This chat receives the notifications of:\n- all your shops (since 2026-03-02)');
    expect(await rig.say(claire, '/unlink')).to.equal('Ce chat ne recevra plus de notifications Shopcast.');
    expect(await rig.say(claire, '/status')).to.match(/^Ce chat n'est relié à aucune boutique/);
    const rows = await chats();
    expect(rows.find((c) => c.chat_id === 111)).to.include({ status: 'unlinked', unlink_reason: 'unlinked from Telegram (/unlink)' });
    expect(rows.find((c) => c.chat_id === 222)).to.include({ status: 'linked' });
  });

  it('answers /help, /start without a code and plain text with the list of commands', async () => {
    expect(await rig.say(paul, '/help')).to.match(/^Commands:\n\/link CODE/);
    expect(await rig.say(claire, '/start')).to.match(/^Bonjour ![\s\S]*\/unlink/);
    expect(await rig.say(paul, 'hello?')).to.match(/^Commands:/);
    expect(await rig.say(paul, '/link')).to.match(/^Send \/link followed by the code/);
  });

  it('lets an administrator unlink a chat, and scopes codes and chats to the token’s shops', async () => {
    await rig.say(claire, `/link ${(await newCode()).code}`);
    const [chat] = await chats();
    expect((await rig.call('POST', '/api/telegram/link-codes', { id_shop: 2 }, { shops: [1] })).status).to.equal(401);
    expect((await rig.call('DELETE', `/api/telegram/chats/${chat.id_telegram_chat}`, undefined, { shops: [2] })).status).to.equal(401);
    expect((await rig.call('DELETE', `/api/telegram/chats/${chat.id_telegram_chat}`)).status).to.equal(204);
    expect((await chats())[0]).to.include({ status: 'unlinked', unlink_reason: 'unlinked by administrator 7' });
    expect((await rig.call('DELETE', '/api/telegram/chats/999')).status).to.equal(404);
  });

  it('refuses to issue a code while no bot runs', async () => {
    await rig.call('PUT', '/api/settings', { telegram_bot_token: null });
    await rig.telegram.ready();
    const res = await rig.call('POST', '/api/telegram/link-codes', {});
    expect(res.status).to.equal(409);
    expect((await rig.call('GET', '/api/telegram/status')).json).to.include({ state: 'off', username: null });
  });
});
