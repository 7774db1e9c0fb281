import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { adminHarness, eventually, screenshot, XSS_AGE, XSS_NAME, type AdminHarness } from './harness';

const FR_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// British English writes September "Sept" since ICU 72; older ICUs write "Sep".
const enMonth = (m: string) => EN_MONTHS.indexOf(m === 'Sept' ? 'Sep' : m);

/** A medium date and short time as Intl writes them: "3 déc. 2026, 10:05" / "3 déc. 2026 à 10:05" / "3 Dec 2026, 10:05". */
function readDate(text: string): { day: string; month: string; year: string; time: string } {
  const m = /^(\d{1,2}) (\S+) (\d{4})(?:,| à) (\d{2}:\d{2})$/.exec(text);
  expect(m, text).not.to.equal(null);
  return { day: m![1], month: m![2], year: m![3], time: m![4] };
}

/** The date and cost cells of the campaign named `name` in the campaign history, in `lang`. */
async function historyCells(hx: AdminHarness, lang: 'fr' | 'en', name: string): Promise<{ date: string; cost: string }> {
  const { page } = await hx.open('campaign-history', lang);
  await page.getByLabel(lang === 'fr' ? 'Libellé' : 'Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: lang === 'fr' ? 'Filtrer' : 'Filter' }).click();
  await page.locator('tbody tr').filter({ hasText: name }).and(page.locator('tbody tr:only-child')).waitFor();
  const cells = await page.locator('tbody tr td').allTextContents();
  await page.close();
  // Columns: ID, date, name, status, cost, quantity, action, details.
  return { date: cells[1], cost: cells[4] };
}

async function frenchPage(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => document.documentElement.lang)).to.equal('fr');
  expect(await page.locator('nav.tabs').textContent()).to.include('Paramétrage');
}

describe('admin pages: language and locale formats (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;
  let campaignId: number;

  before(async function () {
    hx = await adminHarness(this);
    const criteria = { shops: [1, 2], criteria: [{ field: 'age', op: '=', value: XSS_AGE }] };
    const { campaign } = await hx.api<{ campaign: { id_campaign: number } }>('POST', '/campaigns', { name: 'Locale check', criteria, message: 'Bonjour {client_surname}', sender: 'MaBoutique' });
    campaignId = campaign.id_campaign;
    await hx.api('POST', `/campaigns/${campaignId}/send`);
    await eventually(async () => ((await hx.api<{ progress: { settled: boolean } }>('GET', `/campaigns/${campaignId}`)).progress.settled ? true : undefined));
    await hx.api('POST', '/notifications/rules', { audience: 'client', events: ['order_state:5'], message: 'Votre commande {order_reference} est livrée.' });
  });

  it('writes dates and money the French way on a French page and the English way on an English page', async () => {
    const fr = await historyCells(hx, 'fr', 'Locale check');
    const en = await historyCells(hx, 'en', 'Locale check');
    // One part to France at the default 0.0450 € (sms_prices).
    expect(fr.cost).to.match(/^0,045\s€$/);
    expect(en.cost).to.equal('€0.045');
    const [frDate, enDate] = [readDate(fr.date), readDate(en.date)];
    const month = FR_MONTHS.indexOf(frDate.month);
    expect(month, frDate.month).to.be.at.least(0);
    expect(enMonth(enDate.month), enDate.month).to.equal(month);
    expect([frDate.day, frDate.year, frDate.time]).to.deep.equal([enDate.day, enDate.year, enDate.time]);
  });

  it("takes the language from the token when the link names none, the link's over the token's, else the browser's", async () => {
    const fromToken = await hx.open('settings', null, hx.tokenIn('fr'));
    await fromToken.page.getByRole('heading', { name: 'Paramétrage', level: 1 }).waitFor();
    // The API client follows: the credit check comes back in French.
    await fromToken.page.getByRole('button', { name: 'Tester la connexion' }).click();
    await fromToken.page.locator('.check-message', { hasText: 'Vous pouvez envoyer 343 SMS en France' }).waitFor();
    await fromToken.page.close();

    const fromLink = await hx.open('settings', 'en', hx.tokenIn('fr'));
    await fromLink.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await fromLink.page.close();

    // The token printed by `shopcast serve` has no language: the browser's (en-GB, harness) decides.
    const fromBrowser = await hx.open('settings', null);
    await fromBrowser.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await fromBrowser.page.evaluate(() => document.documentElement.lang)).to.equal('en');
    await fromBrowser.page.close();
  });

  it('shows every page in French and saves the French screenshots of the French guide', async () => {
    const pages: Array<[string, string]> = [
      ['settings', 'Vos paramètres iSendPro'],
      ['notifications', "Ajout d'un envoi sur événement"],
      ['campaign-history', 'Campagnes marketing'],
    ];
    for (const [name, heading] of pages) {
      const { page, errors } = await hx.open(name, 'fr');
      await frenchPage(page, heading);
      await screenshot(page, `${name}-fr`);
      if (name === 'settings') await screenshot(page.getByRole('region', { name: 'Notifications du personnel sur Telegram' }), 'telegram-fr');
      if (name === 'campaign-history') {
        await page.getByRole('link', { name: `Ouvrir la campagne ${campaignId}` }).click();
        await frenchPage(page, `Campagne ${campaignId}`);
        await page.getByRole('region', { name: 'Destinataires' }).getByRole('cell', { name: XSS_NAME, exact: true }).waitFor();
        await screenshot(page, 'campaign-detail-fr');
      }
      expect(errors, name).to.deep.equal([]);
      await page.close();
    }
  });
});
