import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { adminHarness, XSS_AGE, type AdminHarness, type OpenedPage } from './harness';

/** Requests that leave the machine: anything but the service on loopback (and in-page blob:/data: URLs). */
function external(requests: string[]): string[] {
  return requests.filter((raw) => {
    const url = new URL(raw);
    if (url.protocol === 'blob:' || url.protocol === 'data:') return false;
    return !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  });
}

async function waitForCount(page: Page): Promise<void> {
  await page.locator('.count-figures[aria-busy="false"] [data-count="reachable"]').waitFor();
}

describe('admin pages: no external network at run time (browser)', function () {
  this.timeout(120_000);
  let hx: AdminHarness;

  before(async function () {
    hx = await adminHarness(this);
  });

  it('loads every asset and calls every API from the service itself across the main flows', async () => {
    const opened: OpenedPage[] = [];
    const open = async (name: string, lang: 'fr' | 'en' = 'en') => {
      const tab = await hx.open(name, lang);
      opened.push(tab);
      return tab.page;
    };

    const marketing = await open('marketing');
    await waitForCount(marketing);
    await marketing.getByRole('button', { name: 'Add a criterion' }).click();
    await marketing.getByLabel('Criterion', { exact: true }).last().selectOption('age');
    await marketing.getByLabel('Sign', { exact: true }).last().selectOption('=');
    await marketing.getByLabel('Years', { exact: true }).last().fill(String(XSS_AGE));
    await marketing.getByLabel('Campaign name').fill('Offline check');
    await marketing.getByLabel('Text of the SMS').fill('Bonjour {client_surname}');
    await marketing.locator('.preview .sms-bubble .sms-body').waitFor();
    await marketing.getByLabel('Send the campaign now').check();
    await marketing.getByRole('button', { name: 'Send now…' }).click();
    await marketing.getByRole('button', { name: 'Confirm and send' }).click();
    await marketing.locator('.outcome-message', { hasText: 'Your campaign was sent successfully.' }).waitFor();
    await marketing.getByRole('button', { name: 'FR', exact: true }).click();
    await marketing.getByRole('heading', { name: 'Envoi en cours' }).waitFor();

    const settings = await open('settings');
    await settings.getByRole('button', { name: 'Test the connection' }).click();
    await settings.locator('.check-message').waitFor();
    await settings.getByRole('button', { name: 'Link a staff chat' }).click();
    await settings.locator('.telegram-code [role="alert"]').waitFor();

    const history = await open('campaign-history');
    await history.getByRole('link', { name: 'Open' }).first().click();
    await history.getByRole('region', { name: 'Recipients' }).locator('table, .empty').first().waitFor();
    await Promise.all([history.waitForEvent('download'), history.getByRole('button', { name: 'Export CSV' }).click()]);

    const notifications = await open('notifications', 'fr');
    await notifications.locator('.card').nth(1).waitFor();
    const sent = await open('notification-history');
    await Promise.all([sent.waitForEvent('download'), sent.getByRole('button', { name: 'Export JSON' }).click()]);

    for (const tab of opened) await tab.page.waitForLoadState('networkidle');
    const all = opened.flatMap((tab) => tab.requests);
    // The flows did reach the service: the page, its bundle and the API.
    expect(all.some((u) => u.endsWith('/admin/app.js'))).to.equal(true);
    expect(all.some((u) => u.includes('/api/campaigns/'))).to.equal(true);
    expect(external(all)).to.deep.equal([]);
    expect(opened.flatMap((tab) => tab.errors)).to.deep.equal([]);
    for (const tab of opened) await tab.page.close();
  });
});
