import { expect } from 'chai';
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
});
