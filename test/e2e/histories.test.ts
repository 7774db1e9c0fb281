import fs from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { connectDatabase } from '../../service/src/db';
import { addOutboxEvent } from '../helpers/shop-fixtures';
import { adminHarness, eventually, fitsWidth, screenshot, SHIPPED_CUSTOMER, XSS_AGE, XSS_NAME, type AdminHarness } from './harness';

/** Clicks an export button and returns the downloaded file's name and text. */
async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: fs.readFileSync((await file.path())!, 'utf8') };
}

describe('admin pages: campaign and notification histories (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;
  let campaignId: number;

  before(async function () {
    hx = await adminHarness(this);
    const criteria = { shops: [1, 2], criteria: [{ field: 'age', op: '=', value: XSS_AGE }] };
    const { campaign } = await hx.api<{ campaign: { id_campaign: number } }>('POST', '/campaigns', { name: 'History check', criteria, message: 'Bonjour {client_surname}', sender: 'MaBoutique' });
    campaignId = campaign.id_campaign;
    await hx.api('POST', `/campaigns/${campaignId}/send`);
    await eventually(async () => ((await hx.api<{ progress: { settled: boolean } }>('GET', `/campaigns/${campaignId}`)).progress.settled ? true : undefined));
    // Enough drafts for a second page of history.
    for (let i = 1; i <= 50; i++) await hx.api('POST', '/campaigns', { name: `Draft ${i}`, criteria, message: 'Bonjour' });

    await hx.api('POST', '/notifications/rules', { audience: 'client', events: ['order_state:4'], message: 'Commande {order_reference} expédiée.' });
    const db = connectDatabase(hx.dbUrl, 'ps_');
    try {
      const order = await db.knex(db.shopTable('orders')).first('id_order', 'id_customer').where({ reference: 'ZOEORDER1' });
      await addOutboxEvent(db, { event: 'order_state', id_order: order.id_order, id_customer: order.id_customer, id_order_state: 4 });
    } finally {
      await db.close();
    }
    await eventually(async () => {
      const { rows } = await hx.api<{ rows: Array<{ status: string }> }>('GET', '/notifications/history?phone=612345678');
      return rows.some((r) => r.status === 'sent') ? true : undefined;
    });
  });

  it('lists campaigns with paging and filters, opens one with its recipients as text, and exports CSV and JSON', async () => {
    const { page, dialogs, errors } = await hx.open('campaign-history');
    const pager = page.locator('.pager-text');
    await pager.filter({ hasText: /^Page 1 of 2 · \d+ rows$/ }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await pager.filter({ hasText: /^Page 2 of 2/ }).waitFor();
    await page.getByLabel('Name').fill('History');
    await page.getByRole('button', { name: 'Filter' }).click();
    await pager.filter({ hasText: 'Page 1 of 1 · 1 rows' }).waitFor();
    const row = page.locator('tbody tr', { hasText: 'History check' });
    expect(await row.locator('[data-status]').getAttribute('data-status')).to.equal('sent');
    expect(await fitsWidth(page)).to.equal(true);
    await screenshot(page, 'campaign-history');
    const json = await download(page, 'Export JSON');
    expect(json.name).to.equal('campaigns.json');
    expect(JSON.parse(json.text).map((c: { name: string }) => c.name)).to.deep.equal(['History check']);

    await page.getByRole('link', { name: `Open campaign ${campaignId}` }).click();
    await page.getByRole('heading', { name: `Campaign ${campaignId}` }).waitFor();
    const recipients = page.getByRole('region', { name: 'Recipients' });
    await recipients.getByRole('cell', { name: XSS_NAME, exact: true }).waitFor();
    expect(await recipients.locator('img').count()).to.equal(0);
    await screenshot(page, 'campaign-detail');
    const csv = await download(page, 'Export CSV');
    expect(csv.name).to.equal(`campaign-${campaignId}.csv`);
    expect(csv.text.split('\n')[0]).to.include('id_recipient');
    expect(csv.text).to.include(XSS_NAME);
    // The export follows the status filter, as the list does.
    await recipients.getByLabel('Status').selectOption('failed');
    await recipients.getByText('No recipient yet.').waitFor();
    const failed = await download(page, 'Export JSON');
    expect(JSON.parse(failed.text)).to.deep.equal([]);
    await recipients.getByLabel('Status').selectOption('sent');
    await recipients.getByRole('cell', { name: XSS_NAME, exact: true }).waitFor();
    expect(JSON.parse((await download(page, 'Export JSON')).text).map((r: { status: string }) => r.status)).to.deep.equal(['sent']);
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('lists sent notifications with the seed columns, filters by number and exports CSV', async () => {
    const { page, errors } = await hx.open('notification-history', 'fr');
    await page.getByLabel('Numéro de portable').fill('6 12 34 56 78');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    const row = page.locator('tbody tr', { hasText: SHIPPED_CUSTOMER.mobile });
    await row.getByText('Commande ZOEORDER1 expédiée.').waitFor();
    expect(await row.locator('[data-status]').textContent()).to.equal('Envoyée');
    expect(await page.locator('thead th').allTextContents()).to.deep.equal(['ID', 'Création', 'Canal', 'Mobile ou conversation', 'Message', 'Émetteur', 'Code retour', 'Détail']);
    expect(await fitsWidth(page)).to.equal(true);
    await screenshot(page, 'notification-history-fr');
    const csv = await download(page, 'Exporter en CSV');
    expect(csv.name).to.equal('notifications.csv');
    expect(csv.text).to.include('ZOEORDER1');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('thead th', { hasText: 'Mobile or chat' }).waitFor();
    expect(await page.locator('thead th').allTextContents()).to.deep.equal(['ID', 'Created', 'Channel', 'Mobile or chat', 'Message', 'Sender', 'Return code', 'Detail']);
    await screenshot(page, 'notification-history');
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
