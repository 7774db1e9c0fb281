import { expect } from 'chai';
import type { Route } from 'playwright-core';
import { connectDatabase } from '../../service/src/db';
import { adminHarness, fitsWidth, screenshot, type AdminHarness } from './harness';

interface Rule {
  id_rule: number;
  audience: string;
  events: string[];
  message: string;
  active: boolean;
  channels: string[];
}

describe('admin pages: notifications (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;
  const rules = async () => (await hx.api<{ rules: Rule[] }>('GET', '/notifications/rules')).rules;

  before(async function () {
    hx = await adminHarness(this);
  });

  it('adds a notification prefilled with the event\'s default text, then disables, edits and deletes it', async () => {
    const { page, errors } = await hx.open('notifications');
    const before = (await rules()).length;
    await page.getByLabel('[Client] [Order status] Shipped').check();
    const text = page.getByLabel('Text of the SMS');
    expect(await text.inputValue()).to.match(/^Dear \{client_surname\} \{client_name\}, your order \{order_reference\} has been shipped/);
    await page.getByRole('button', { name: 'Insert {order_id} (Order number)' }).waitFor();
    await page.getByLabel('Sender').fill('Shop!');
    await page.locator('.form-group', { hasText: 'Sender' }).locator('.field-error', { hasText: '"!"' }).waitFor();
    await page.getByLabel('Sender').fill('');
    await text.fill('Votre commande {order_reference} est partie : {tracking_number}.');
    expect(await page.locator('.sms-stop').count()).to.equal(0);
    await page.getByRole('button', { name: 'Add the notification' }).click();
    await page.getByText('Notification added.').waitFor();
    const [added] = await rules();
    expect((await rules()).length).to.equal(before + 1);
    expect(added).to.deep.include({ audience: 'client', events: ['order_state:4'], active: true });
    const row = page.locator(`tr[data-rule="${added.id_rule}"]`);
    await row.getByText('[Client] [Order status] Shipped').waitFor();
    expect(await fitsWidth(page)).to.equal(true);
    await screenshot(page, 'notifications');

    await row.getByRole('switch').uncheck();
    await page.locator(`tr[data-rule="${added.id_rule}"].inactive`).waitFor();
    expect((await rules()).find((r) => r.id_rule === added.id_rule)!.active).to.equal(false);

    await page.getByRole('button', { name: `Edit notification ${added.id_rule}` }).click();
    await page.getByRole('heading', { name: `Editing notification ${added.id_rule}` }).waitFor();
    expect(await page.getByLabel('[Admin] [Order status] Shipped').isDisabled()).to.equal(true);
    await text.fill('Commande {order_reference} expédiée.');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Notification saved.').waitFor();
    expect((await rules()).find((r) => r.id_rule === added.id_rule)!.message).to.equal('Commande {order_reference} expédiée.');

    await page.getByRole('button', { name: `Delete notification ${added.id_rule}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.locator(`tr[data-rule="${added.id_rule}"]`).waitFor({ state: 'detached' });
    expect((await rules()).some((r) => r.id_rule === added.id_rule)).to.equal(false);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('refuses an order variable on account creation, in French, with the error under the text', async () => {
    const { page } = await hx.open('notifications', 'fr');
    await page.getByLabel('[Admin] Création de compte client').check();
    const text = page.getByLabel('Texte du SMS');
    await text.fill('Nouveau client pour la commande {order_reference}');
    const group = page.locator('.form-group', { has: text });
    await group.locator('.field-error', { hasText: "{order_reference} n'est pas disponible ici." }).waitFor();
    const count = (await rules()).length;
    await page.getByRole('button', { name: 'Ajouter la notification' }).click();
    expect(await group.locator('.field-error').textContent()).to.equal("{order_reference} n'est pas disponible ici.");
    expect((await rules()).length).to.equal(count);
    await page.close();
  });

  it('sends an [Admin] notification by Telegram only when asked, and requires at least one channel', async () => {
    const { page, errors } = await hx.open('notifications');
    await page.getByLabel('[Admin] Payment confirmation').check();
    await page.getByLabel('SMS to the admin mobile').uncheck();
    await page.getByRole('button', { name: 'Add the notification' }).click();
    await page.getByText('Choose SMS, Telegram or both.').waitFor();
    await page.getByLabel('Telegram, to the linked staff chats').check();
    await page.getByRole('button', { name: 'Add the notification' }).click();
    await page.getByText('Notification added.').waitFor();
    const [added] = await rules();
    expect(added).to.deep.include({ audience: 'admin', events: ['payment_confirmation'], channels: ['telegram'] });
    await page.getByRole('button', { name: `Edit notification ${added.id_rule}` }).click();
    expect(await page.getByLabel('Telegram, to the linked staff chats').isChecked()).to.equal(true);
    expect(await page.getByLabel('SMS to the admin mobile').isChecked()).to.equal(false);
    await page.getByRole('button', { name: `Delete notification ${added.id_rule}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.locator(`tr[data-rule="${added.id_rule}"]`).waitFor({ state: 'detached' });
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('saves the [Admin] and [Client] halves of one form in one request, and shows a refusal of either under its field', async () => {
    const { page, errors } = await hx.open('notifications', 'fr');
    const before = (await rules()).length;
    const posts: unknown[] = [];
    // First answer as the service would refuse the second rule; then let the real service save.
    let refuse = true;
    await page.route('**/api/notifications/rules', async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts.push(route.request().postDataJSON());
      if (!refuse) return route.continue();
      const issue = { path: 'rules[1].message', message: '{x} is not available', messages: { en: '{x} is not available', fr: 'Refus du service pour ce texte.' } };
      await route.fulfill({ status: 400, json: { error: { code: 'invalid_input', title: "La requête n'est pas valide.", message: 'invalid', issues: [issue], params: {} } } });
    });
    await page.getByLabel('[Admin] [État commande] Livré').check();
    await page.getByLabel('[Client] [État commande] Livré').check();
    await page.getByRole('button', { name: 'Ajouter la notification' }).click();
    const text = page.getByLabel('Texte du SMS');
    await page.locator('.form-group', { has: text }).locator('.field-error', { hasText: 'Refus du service pour ce texte.' }).waitFor();
    expect((await rules()).length).to.equal(before);
    refuse = false;
    await page.getByRole('button', { name: 'Ajouter la notification' }).click();
    await page.locator('.alert-success').waitFor();
    expect(posts).to.have.length(2);
    expect((posts[1] as { rules: Array<{ audience: string }> }).rules.map((r) => r.audience)).to.deep.equal(['admin', 'client']);
    const added = (await rules()).slice(0, 2);
    expect((await rules()).length).to.equal(before + 2);
    for (const rule of added) await hx.api('DELETE', `/notifications/rules/${rule.id_rule}`);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('shows the channel of each history row, names the Telegram chat, and filters on the channel and the detail', async () => {
    const db = connectDatabase(hx.dbUrl, 'ps_');
    try {
      await db.knex(db.ownTable('telegram_chat')).insert({ id_shop: 1, chat_id: -100777, chat_type: 'supergroup', title: 'Équipe Lyon', status: 'linked', linked_via: 'code', linked_at: '2026-03-01 08:00:00' });
      const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
      await db.knex(db.ownTable('notification')).insert({
        id_event: 999001, id_rule: 999, id_shop: 1, event: 'order_state:5', channel: 'telegram', recipient: 'tg:-100777', sender: null, message: 'Commande livrée (Telegram)',
        parts: 0, status: 'failed', provider_code: '400', provider_message: 'Bad Request: chat not found', created_at: stamp,
      });
    } finally {
      await db.close();
    }
    try {
      const { page, errors } = await hx.open('notification-history');
      await page.getByLabel('Channel').selectOption('telegram');
      await page.getByLabel('Detail').fill('chat not found');
      // The row is already in the unfiltered list: wait for the filtered answer, then for the
      // table it fills, before counting rows.
      const filtered = page.waitForResponse((r) => r.url().includes('/notifications/history?') && r.url().includes('detail=chat'));
      await page.getByRole('button', { name: 'Filter' }).click();
      await filtered;
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
      const row = page.locator('tbody tr', { hasText: 'Commande livrée (Telegram)' });
      await row.waitFor();
      expect(await page.locator('tbody tr').count()).to.equal(1);
      expect(await row.textContent()).to.include('Équipe Lyon').and.include('chat -100777').and.include('Telegram').and.not.include('0 SMS');
      expect(errors).to.deep.equal([]);
      await page.close();
    } finally {
      // The harness's shop is shared by every browser test file: the settings page expects no chat.
      const cleanup = connectDatabase(hx.dbUrl, 'ps_');
      await cleanup.knex(cleanup.ownTable('telegram_chat')).where({ chat_id: -100777 }).delete();
      await cleanup.close();
    }
  });

  it('Telegram card: confirms a link as soon as the chat appears, says why an unlink failed, offers the mode as a choice', async () => {
    const { page, errors } = await hx.open('settings');
    const telegram = page.getByRole('region', { name: 'Staff notifications on Telegram' });
    expect(await telegram.getByLabel('How the bot receives messages').evaluate((el) => el.tagName)).to.equal('SELECT');
    const chat = { id_telegram_chat: 41, id_shop: 1, chat_id: 111, chat_type: 'private', title: 'Claire', status: 'linked', linked_via: 'code', linked_by: 1, linked_at: '2026-03-02 09:00:00', unlinked_at: null, unlink_reason: null };
    // The harness runs no Bot API: the bot's answers are played by the page's network.
    let linked = false;
    let chatReads = 0;
    await page.route('**/api/telegram/link-codes', (route: Route) =>
      route.fulfill({ status: 201, json: { code: 'K7QX2MPR9D', link: 'https://t.me/shop_bot?start=K7QX2MPR9D', expires_at: '2099-01-01 00:00:00', id_shop: 1 } }));
    await page.route('**/api/telegram/chats', (route: Route) => {
      chatReads++;
      return route.fulfill({ json: { chats: linked ? [chat] : [] } });
    });
    await page.route('**/api/telegram/chats/41', (route: Route) =>
      route.fulfill({ status: 409, json: { error: { code: 'conflict', title: 'This action conflicts with the current state.', message: 'the link changed meanwhile', issues: [], params: {} } } }));
    await telegram.getByRole('button', { name: 'Link a staff chat' }).click();
    await telegram.getByText('/start K7QX2MPR9D').waitFor();
    const readsWhilePending = chatReads;
    linked = true;
    await telegram.getByText('Linked: Claire.').waitFor();
    expect(chatReads).to.be.greaterThan(readsWhilePending);
    await telegram.getByRole('button', { name: 'Unlink Claire' }).click();
    await telegram.locator('.telegram-chats-note [role="alert"]', { hasText: 'the link changed meanwhile' }).waitFor();
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
