import { expect } from 'chai';
import { adminHarness, fitsWidth, type AdminHarness } from './harness';

const PAGES = ['marketing', 'notifications', 'campaign-history', 'notification-history', 'settings'];

describe('admin pages: labels and keyboard (browser)', function () {
  this.timeout(90_000);
  let hx: AdminHarness;

  before(async function () {
    hx = await adminHarness(this);
  });

  it('gives every field and button of every page an accessible name, at 1024 px without horizontal scrolling', async () => {
    for (const name of PAGES) {
      const { page } = await hx.open(name);
      await page.locator('.card').first().waitFor();
      await page.waitForLoadState('networkidle');
      const unnamed = await page.evaluate(() => {
        const controls = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button'));
        return controls
          .filter((el) => {
            const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            return !labelled && !(el.tagName === 'BUTTON' && el.textContent?.trim());
          })
          .map((el) => el.outerHTML.slice(0, 80));
      });
      expect(unnamed, name).to.deep.equal([]);
      expect(await fitsWidth(page), name).to.equal(true);
      await page.close();
    }
  });

  it('builds a criterion and inserts a variable with the keyboard alone', async () => {
    const { page } = await hx.open('marketing');
    await page.getByRole('button', { name: 'Add a criterion' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('crit-field'))).to.equal(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).to.equal('true');
    await page.getByLabel('Text of the SMS').focus();
    await page.keyboard.type('Bonjour ');
    await page.getByRole('button', { name: 'Insert {client_surname} (Customer first name)' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Text of the SMS').inputValue()).to.equal('Bonjour {client_surname}');
    await page.close();
  });
});
