import { expect } from 'chai';
import { FAKE_KEYID } from '../fakes/isendpro';
import { adminHarness, fitsWidth, screenshot, type AdminHarness } from './harness';

describe('admin pages: settings (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;

  before(async function () {
    hx = await adminHarness(this);
  });
  afterEach(() => hx.fake.setSwitches({ ipAllowed: true }));

  it('tests a keyid when it is saved: bad credentials, IP not authorised, then the credit in SMS', async () => {
    const { page, errors } = await hx.open('settings');
    const keyid = page.getByLabel('Your keyid');
    const message = page.locator('.check-message');
    await keyid.fill('wrongkeyid0000');
    await page.getByRole('button', { name: 'Save and test' }).click();
    await message.filter({ hasText: 'Your credentials are incorrect' }).waitFor();
    hx.fake.setSwitches({ ipAllowed: false });
    await keyid.fill(FAKE_KEYID);
    await page.getByRole('button', { name: 'Save and test' }).click();
    await message.filter({ hasText: 'The IP address is not authorised' }).waitFor();
    hx.fake.setSwitches({ ipAllowed: true });
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await message.filter({ hasText: 'You can send 343 SMS in France' }).waitFor();
    expect(await keyid.getAttribute('placeholder')).to.equal(`••••••••${FAKE_KEYID.slice(-4)}`);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('validates the default sender as it is typed and shows the API\'s phone error under the phone field', async () => {
    const { page } = await hx.open('settings');
    const sender = page.getByLabel('Default sender');
    await sender.fill('Ab!');
    const senderGroup = page.locator('.form-group', { has: sender });
    await senderGroup.locator('.field-error', { hasText: 'at least 4' }).waitFor();
    expect(await senderGroup.locator('.field-error').textContent()).to.include('"!"');
    await sender.fill('MaBoutique');
    await senderGroup.locator('.field-error div').waitFor({ state: 'detached' });
    const phone = page.getByLabel("Administrator's mobile phone");
    await phone.fill('01 23 45 67 89');
    await page.getByRole('region', { name: 'Sending', exact: true }).getByRole('button', { name: 'Save' }).click();
    await page.locator('.form-group', { has: phone }).locator('.field-error', { hasText: 'not a mobile' }).waitFor();
    await phone.fill('06 11 22 33 44');
    await page.getByLabel('Messages per bulk call').fill('200');
    await page.getByRole('region', { name: 'Sending', exact: true }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'Sending', exact: true }).getByText('Settings saved.').waitFor();
    const settings = await hx.api<{ fields: Array<{ key: string; value: string }> }>('GET', '/settings');
    const value = (key: string) => settings.fields.find((f) => f.key === key)?.value;
    expect([value('admin_phone'), value('isendpro_batch_size'), value('default_sender')]).to.deep.equal(['+33611223344', '200', 'MaBoutique']);
    await page.close();
  });

  it('keeps what was typed when the language is switched, the sender error following in French', async () => {
    const { page, errors } = await hx.open('settings');
    await page.getByLabel('Default sender').fill('Ab!');
    await page.getByLabel("Administrator's mobile phone").fill('06 99 88 77 66');
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    const sender = page.getByLabel('Émetteur par défaut');
    await sender.waitFor();
    expect(await sender.inputValue()).to.equal('Ab!');
    expect(await page.getByLabel("Téléphone mobile de l'administrateur").inputValue()).to.equal('06 99 88 77 66');
    await page.locator('.form-group', { has: sender }).locator('.field-error', { hasText: 'au moins 4' }).waitFor();
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('shows the service\'s own words, not only a title, when the connection test itself fails', async () => {
    const { page } = await hx.open('settings', 'fr');
    // A failure the fake provider cannot produce: the service answering 503 with its localized error.
    await page.route('**/api/settings/check', (route) => route.fulfill({
      status: 503,
      json: { error: { code: 'unavailable', title: 'Service indisponible', message: 'La base de données ne répond pas.', issues: [], params: {} } },
    }));
    await page.getByRole('button', { name: 'Tester la connexion' }).click();
    const shown = page.locator('.check-result [role="alert"]');
    await shown.getByText('La base de données ne répond pas.').waitFor();
    expect(await shown.textContent()).to.include('Service indisponible');
    await page.close();
  });

  it('saves prices per country and the sending window, refusing a window that ends before it starts', async () => {
    const { page } = await hx.open('settings');
    const prices = page.getByRole('region', { name: 'Price per SMS part' });
    await prices.getByRole('button', { name: 'Add a country' }).click();
    await prices.getByLabel('Country (ISO code)').last().fill('be');
    await prices.getByLabel('Price per part (€)').last().fill('0,08');
    await prices.getByRole('button', { name: 'Save' }).click();
    await prices.getByText('Settings saved.').waitFor();
    const windowCard = page.getByRole('region', { name: 'Marketing sending window' });
    await windowCard.getByLabel('From', { exact: true }).fill('21:00');
    await windowCard.getByLabel('To', { exact: true }).fill('08:00');
    await windowCard.getByRole('button', { name: 'Save' }).click();
    await windowCard.getByText('The window must start before it ends.').waitFor();
    await windowCard.getByLabel('From', { exact: true }).fill('00:00');
    await windowCard.getByLabel('To', { exact: true }).fill('24:00');
    await windowCard.getByRole('button', { name: 'Save' }).click();
    await windowCard.getByText('Settings saved.').waitFor();
    const settings = await hx.api<{ fields: Array<{ key: string; value: string }> }>('GET', '/settings');
    expect(JSON.parse(settings.fields.find((f) => f.key === 'sms_prices')!.value)).to.deep.equal({ FR: '0.0450', BE: '0.08', default: '0.0600' });
    expect(await fitsWidth(page)).to.equal(true);
    await screenshot(page, 'settings');
    await page.close();
  });

  it('shows the Telegram card: no bot yet, and a link code refused with the reason until a bot token is saved', async () => {
    const { page, errors } = await hx.open('settings');
    const telegram = page.getByRole('region', { name: 'Staff notifications on Telegram' });
    await telegram.getByText('No bot yet: save a bot token').waitFor();
    await telegram.getByText('No chat is linked yet.').waitFor();
    await telegram.getByRole('button', { name: 'Link a staff chat' }).click();
    await telegram.getByText('the Telegram bot is not running: save a valid bot token first').waitFor();
    await screenshot(telegram, 'telegram');
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
