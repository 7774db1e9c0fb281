import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { adminHarness, fitsWidth, XSS_AGE, type AdminHarness } from './harness';

const PAGES = ['marketing', 'notifications', 'campaign-history', 'notification-history', 'settings'];
const CRITERIA = ['newsletter', 'optin', 'age', 'gender', 'group', 'country', 'registered', 'last_order', 'has_ordered', 'orders_count', 'orders_total', 'customer_type'];

/** The controls of the page with no accessible name (label, aria-label or aria-labelledby; a button's text). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, [role="group"]'));
    return controls
      .filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        return !labelled && !(el.tagName === 'BUTTON' && el.textContent?.trim());
      })
      .map((el) => el.outerHTML.slice(0, 80));
  });
}

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
      expect(await unnamedControls(page), name).to.deep.equal([]);
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

  it('names every control of every criterion, in every shape, and still fits 1024 px', async () => {
    const { page } = await hx.open('marketing');
    for (const criterion of CRITERIA) {
      await page.getByRole('button', { name: 'Add a criterion' }).click();
      await page.getByLabel('Criterion', { exact: true }).last().selectOption(criterion);
    }
    // The second shapes: two ages, two dates.
    await page.getByLabel('Sign', { exact: true }).first().selectOption('between');
    for (const when of await page.getByLabel('When', { exact: true }).all()) await when.selectOption('between');
    await page.getByRole('group', { name: 'Countries' }).getByLabel('France').check();
    expect(await unnamedControls(page)).to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    await page.close();
  });

  it('takes the keyboard to the confirmation before sending, and back out with Cancel', async () => {
    const { page } = await hx.open('marketing');
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByLabel('Criterion', { exact: true }).selectOption('age');
    await page.getByLabel('Sign', { exact: true }).selectOption('=');
    await page.getByLabel('Years', { exact: true }).fill(String(XSS_AGE));
    await page.getByLabel('Campaign name').fill('Keyboard');
    await page.getByLabel('Text of the SMS').fill('Bonjour');
    await page.getByLabel('Send the campaign now').check();
    await page.getByRole('button', { name: 'Send now…' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('group', { name: 'Before sending' });
    await confirm.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('confirm'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Confirm and send');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await page.close();
  });
});
