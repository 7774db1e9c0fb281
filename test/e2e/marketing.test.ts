import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { adminHarness, fitsWidth, screenshot, XSS_AGE, XSS_NAME, type AdminHarness } from './harness';

const reachable = (page: Page) => page.locator('[data-count="reachable"]');

async function shownCount(page: Page): Promise<number> {
  await page.locator('.count-figures[aria-busy="false"] [data-count="reachable"]').waitFor();
  return Number((await reachable(page).textContent())!.replace(/\D/g, ''));
}

/** Waits until the displayed reachable count is `n` (the count is debounced and asynchronous). */
async function waitForCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((want) => {
    const figures = document.querySelector('.count-figures');
    const value = document.querySelector('[data-count="reachable"]')?.textContent?.replace(/\D/g, '');
    return figures?.getAttribute('aria-busy') === 'false' && value === String(want);
  }, n);
}

const LABELS = {
  en: { add: 'Add a criterion', criterion: 'Criterion', sign: 'Sign', years: 'Years', name: 'Campaign name', text: 'Text of the SMS' },
  fr: { add: 'Ajouter un critère', criterion: 'Critère', sign: 'Signe', years: 'Ans', name: 'Nom de la campagne', text: 'Texte du SMS' },
};

/** The segment "every shop, age = 101", which only the customer with the hostile name meets. */
async function selectOldestCustomer(page: Page, lang: 'fr' | 'en' = 'en'): Promise<void> {
  await page.getByRole('button', { name: LABELS[lang].add }).click();
  await page.getByLabel(LABELS[lang].criterion, { exact: true }).last().selectOption('age');
  await page.getByLabel(LABELS[lang].sign, { exact: true }).last().selectOption('=');
  await page.getByLabel(LABELS[lang].years, { exact: true }).last().fill(String(XSS_AGE));
  await waitForCount(page, 1);
}

async function writeMessage(page: Page, name: string, text: string, lang: 'fr' | 'en' = 'en'): Promise<void> {
  await page.getByLabel(LABELS[lang].name).fill(name);
  await page.getByLabel(LABELS[lang].text).fill(text);
}

describe('admin pages: SMS marketing (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;
  let everyone: number;

  before(async function () {
    hx = await adminHarness(this);
    everyone = (await hx.api<{ reachable: number }>('POST', '/segments/count', { segment: { shops: [1, 2], criteria: [] } })).reachable;
  });

  it('counts live as criteria are added, changed and removed, matching the API', async () => {
    const { page, errors } = await hx.open('marketing');
    expect(await shownCount(page)).to.equal(everyone);
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    const subscribers = (await hx.api<{ reachable: number }>('POST', '/segments/count', { segment: { shops: [1, 2], criteria: [{ field: 'newsletter', value: true }] } })).reachable;
    await waitForCount(page, subscribers);
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByLabel('Criterion', { exact: true }).last().selectOption('orders_count');
    await page.getByLabel('Sign', { exact: true }).last().selectOption('>');
    await page.getByLabel('Number of orders', { exact: true }).fill('1');
    await page.getByLabel('Over the last').selectOption('24');
    const segment = { shops: [1, 2], criteria: [{ field: 'newsletter', value: true }, { field: 'orders_count', op: '>', value: 1, months: 24 }] };
    const loyal = (await hx.api<{ reachable: number }>('POST', '/segments/count', { segment })).reachable;
    expect(loyal).to.be.below(subscribers);
    await waitForCount(page, loyal);
    await page.locator('.drops').waitFor();
    expect(await page.locator('[data-count="matched"]').textContent()).to.match(/\d/);
    await page.getByRole('button', { name: 'Remove this criterion' }).first().click();
    await page.getByRole('button', { name: 'Remove this criterion' }).first().click();
    await waitForCount(page, everyone);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('highlights "ç" and "’" as forcing UCS-2 and replaces them in one click each', async () => {
    const { page } = await hx.open('marketing');
    await writeMessage(page, 'Test', 'Bonjour {client_surname}, ça vous va’');
    const marks = page.locator('.mirror mark');
    expect(await marks.allTextContents()).to.deep.equal(['ç', '’']);
    expect(await page.locator('.sms-encoding').textContent()).to.equal('Unicode (UCS-2)');
    await screenshot(page, 'marketing-unicode');
    await page.getByRole('button', { name: 'Replace ç with c' }).click();
    expect(await page.getByLabel('Text of the SMS').inputValue()).to.equal('Bonjour {client_surname}, ca vous va’');
    expect(await marks.allTextContents()).to.deep.equal(['’']);
    await page.getByRole('button', { name: 'Replace all' }).click();
    expect(await page.getByLabel('Text of the SMS').inputValue()).to.equal("Bonjour {client_surname}, ca vous va'");
    expect(await marks.count()).to.equal(0);
    expect(await page.locator('.sms-encoding').textContent()).to.equal('GSM 7-bit');
    expect(await page.locator('.sms-parts').textContent()).to.equal('1 SMS (at most 6)');
    expect(await page.locator('.sms-stop').textContent()).to.include('STOP mention counted');
    await page.close();
  });

  it('previews the text for a real recipient whose name is markup, as text, and sends now to the done screen', async () => {
    const { page, dialogs, errors } = await hx.open('marketing');
    await selectOldestCustomer(page);
    await writeMessage(page, 'Spring sale', 'Bonjour {client_surname}, -20% ce week-end !');
    const bubble = page.locator('.preview .sms-bubble');
    await bubble.getByText(`Bonjour ${XSS_NAME}, -20% ce week-end !`).waitFor();
    expect(await page.locator('.preview-recipient option').first().textContent()).to.include(XSS_NAME);
    expect(await page.locator('.preview img, .preview-recipient img').count()).to.equal(0);
    expect(await bubble.locator('.sms-stop-mention').textContent()).to.include('STOP');
    expect(await fitsWidth(page)).to.equal(true);
    await screenshot(page, 'marketing');
    await page.getByLabel('Send the campaign now').check();
    await page.getByRole('button', { name: 'Send now…' }).click();
    const confirm = page.getByRole('group', { name: 'Before sending' });
    await confirm.getByText('1 (matching customers: 1)').waitFor();
    expect(await confirm.textContent()).to.include('343 SMS in France');
    await screenshot(page, 'marketing-confirm');
    await confirm.getByRole('button', { name: 'Confirm and send' }).click();
    await page.locator('.outcome-message', { hasText: 'Your campaign was sent successfully.' }).waitFor();
    expect(await page.locator('.step.done').count()).to.equal(5);
    await screenshot(page, 'marketing-progress');
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    expect(hx.fake.requests.some((r) => JSON.stringify(r.body ?? '').includes(XSS_NAME))).to.equal(true);
    await page.close();
  });

  it('schedules a campaign at a date and time, and exports the selection as a named directory', async () => {
    const { page } = await hx.open('marketing');
    await selectOldestCustomer(page);
    await writeMessage(page, 'Later', 'Bonjour {client_surname}');
    await page.getByLabel('Send the campaign at a date').check();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(tomorrow);
    await page.getByLabel('Time', { exact: true }).fill('11:30');
    expect(await page.locator('.zone-note').textContent()).to.equal("On the shop's clock: Europe/Paris.");
    await page.getByRole('button', { name: 'Schedule…' }).click();
    const sent = page.waitForRequest((r) => /\/campaigns\/\d+\/schedule$/.test(r.url()));
    await page.getByRole('button', { name: 'Confirm the date' }).click();
    // The time as typed, without offset: the service reads it on the shop's clock, whatever the browser's zone.
    expect((await sent).postDataJSON()).to.deep.equal({ at: `${tomorrow}T11:30` });
    const notice = page.locator('.outcome-message', { hasText: 'will be sent on' });
    await notice.waitFor();
    expect(await notice.textContent()).to.include('11:30 (Europe/Paris)');
    const id = Number(/Campaign (\d+)/.exec((await notice.textContent())!)![1]);
    const { campaign } = await hx.api<{ campaign: { status: string; scheduled_at: string } }>('GET', `/campaigns/${id}`);
    expect(campaign.status).to.equal('scheduled');
    // The shop (PS_TIMEZONE) is on Paris time: 11:30 there, stored in UTC.
    expect(campaign.scheduled_at).to.equal(DateTime.fromISO(`${tomorrow}T11:30`, { zone: 'Europe/Paris' }).toUTC().toFormat('yyyy-MM-dd HH:mm:ss'));

    await page.getByLabel('Export the selection as an iSendPro directory').check();
    await page.getByLabel('Directory name').fill('Clients centenaires');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('button', { name: 'Confirm the export' }).click();
    await page.locator('.outcome-message', { hasText: 'Your directory was created' }).waitFor();
    expect(hx.fake.requests.some((r) => r.path === '/repertoire')).to.equal(true);
    await page.close();
  });

  it('switches between French and English, every label following', async () => {
    const { page } = await hx.open('marketing', 'fr');
    await page.getByRole('heading', { name: 'Votre sélection de destinataires' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter un critère' }).waitFor();
    expect(await page.locator('nav.tabs').textContent()).to.include('Paramétrage');
    await page.locator('.count-figures[aria-busy="false"] [data-count="reachable"]').waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Your recipient selection' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.getByText('destinataires joignables').waitFor();
    await page.close();
  });

  it('keeps the criteria, the message and the chosen action when the language is switched', async () => {
    const { page, errors } = await hx.open('marketing');
    await selectOldestCustomer(page);
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByLabel('Criterion', { exact: true }).last().selectOption('registered');
    await page.getByLabel('When', { exact: true }).selectOption('before');
    await page.getByLabel('Date', { exact: true }).first().fill('2099-01-01');
    await writeMessage(page, 'Kept', 'Bonjour {client_surname}');
    await page.getByLabel('Sender').fill('Boutique');
    await page.getByLabel('Send the campaign at a date').check();
    await page.locator('.actions-panel').getByLabel('Time', { exact: true }).fill('09:15');
    const day = await page.locator('.actions-panel').getByLabel('Date', { exact: true }).inputValue();

    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.getByRole('heading', { name: 'Votre sélection de destinataires' }).waitFor();
    const criteria = page.getByLabel('Critère', { exact: true });
    expect([await criteria.first().inputValue(), await criteria.last().inputValue()]).to.deep.equal(['age', 'registered']);
    expect([await page.getByLabel('Signe').inputValue(), await page.getByLabel('Ans', { exact: true }).inputValue()]).to.deep.equal(['=', String(XSS_AGE)]);
    expect([await page.getByLabel('Quand').inputValue(), await page.locator('.criteria').getByLabel('Date', { exact: true }).inputValue()]).to.deep.equal(['before', '2099-01-01']);
    expect(await page.getByLabel('Nom de la campagne').inputValue()).to.equal('Kept');
    expect(await page.getByLabel('Émetteur').inputValue()).to.equal('Boutique');
    expect(await page.getByLabel('Texte du SMS').inputValue()).to.equal('Bonjour {client_surname}');
    expect(await page.getByLabel('Envoyer votre campagne à une date').isChecked()).to.equal(true);
    const actions = page.locator('.actions-panel');
    expect([await actions.getByLabel('Date', { exact: true }).inputValue(), await actions.getByLabel('Heure').inputValue()]).to.deep.equal([day, '09:15']);
    await waitForCount(page, 1);
    await page.locator('.preview .sms-bubble').getByText(`Bonjour ${XSS_NAME}`).waitFor();
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('fills {client_email} in the preview as the send does, masked at its real length', async () => {
    const { page } = await hx.open('marketing');
    await selectOldestCustomer(page);
    await writeMessage(page, 'Email', 'Votre compte : {client_email}');
    // The customer's email is xss@example.com (harness).
    await page.locator('.preview .sms-bubble').getByText('Votre compte : x**@example.com').waitFor();
    await page.close();
  });

  it('runs the whole send in French: highlight and fix, confirmation, progress to done', async () => {
    const { page, errors } = await hx.open('marketing', 'fr');
    await selectOldestCustomer(page, 'fr');
    await writeMessage(page, 'Soldes', 'Bonjour {client_surname}, ça vous tente ? Réponse d’ici dimanche', 'fr');
    expect(await page.locator('.mirror mark').allTextContents()).to.deep.equal(['ç', '’']);
    await screenshot(page, 'marketing-unicode-fr');
    await page.getByRole('button', { name: 'Tout remplacer' }).click();
    await page.locator('.preview .sms-bubble').getByText(`Bonjour ${XSS_NAME}, ca vous tente ? Réponse d'ici dimanche`).waitFor();
    await screenshot(page, 'marketing-fr');
    await page.getByLabel('Envoyer votre campagne immédiatement').check();
    await page.getByRole('button', { name: 'Envoyer…' }).click();
    const confirm = page.getByRole('group', { name: "Avant l'envoi" });
    await confirm.getByText('1 (clients sélectionnés : 1)').waitFor();
    expect(await confirm.textContent()).to.include('343 SMS en France');
    await screenshot(page, 'marketing-confirm-fr');
    await confirm.getByRole('button', { name: "Confirmer l'envoi" }).click();
    await page.locator('.outcome-message', { hasText: 'Votre campagne a été envoyée avec succès.' }).waitFor();
    await screenshot(page, 'marketing-progress-fr');
    // Switching language keeps the sending screen, read again from the service.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Sending in progress' }).waitFor();
    await page.locator('.outcome-message', { hasText: 'Your campaign was sent successfully.' }).waitFor();
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
