import { expect } from 'chai';
import { adminHarness, screenshot, type AdminHarness } from './harness';

describe('admin pages: access by token (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;

  before(async function () {
    hx = await adminHarness(this);
  });

  it('shows "open from the back office" and no data when the page has no token', async () => {
    const { page, errors } = await hx.open('marketing', 'en', null);
    await page.getByText('Open it from the PrestaShop back office').waitFor();
    expect(await page.locator('nav.tabs').count()).to.equal(0);
    expect(await page.locator('table').count()).to.equal(0);
    await screenshot(page, 'no-access');
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('gets 401 for a forged token, shows the same message in French, and renders no data', async () => {
    const forged = `${hx.token.slice(0, -4)}AAAA`;
    const { page, errors } = await hx.open('campaign-history', 'fr', null);
    const answers: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/api/')) answers.push(res.status());
    });
    await page.goto(`${hx.url}/admin/#page=campaign-history&lang=fr&token=${forged}`);
    await page.reload();
    await page.getByText('Ouvrez-la depuis le back-office PrestaShop').waitFor();
    expect(answers).to.include(401);
    expect(answers.filter((s) => s === 200)).to.deep.equal([]);
    expect(await page.locator('table, nav.tabs').count()).to.equal(0);
    expect(page.url()).not.to.include('token=');
    await screenshot(page, 'no-access-fr');
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('takes the token out of the address bar and keeps it for the tab', async () => {
    const { page } = await hx.open('settings');
    await page.locator('nav.tabs a', { hasText: 'Settings' }).waitFor();
    expect(page.url()).not.to.include('token=');
    await page.reload();
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    expect(await page.locator('nav.tabs a[aria-current="page"]').textContent()).to.equal('Settings');
    await page.close();
  });
});
