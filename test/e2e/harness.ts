import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { signAdminToken } from '../../service/src/auth';
import { connectDatabase, migrate } from '../../service/src/db';
import { writeSetting } from '../../service/src/settings';
import { createDemoShop } from '../../service/src/shop';
import { FAKE_KEYID, startFakeIsendpro, type FakeIsendpro } from '../fakes/isendpro';
import { addAddress, addCustomer, addOrder } from '../helpers/shop-fixtures';
import { spawnService, type SpawnedService } from '../helpers/spawn-service';

/**
 * One service and one headless Chromium shared by the browser tests: a SQLite demo shop (200
 * customers) plus known customers, the iSendPro adapter pointed at the fake iSendPro, the
 * marketing window open at all hours (so "send now" works whenever the suite runs), and
 * Debian's Chromium driven by playwright-core (which never downloads a browser). Without
 * Chromium the tests skip with the reason, except under CI=true where that is a failure.
 */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const root = path.resolve(__dirname, '..', '..');
export const SHOTS = path.join(root, 'test-results', 'screenshots');
const DOC_SHOTS = path.join(root, 'docs', 'screenshots');

/** Customers the tests look for, added after the demo population. */
export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const XSS_AGE = 101;
export const SHIPPED_CUSTOMER = { firstname: 'Zoé', lastname: 'Martin', mobile: '+33612345678' };

export interface AdminHarness {
  url: string;
  token: string;
  /** a token for every shop carrying the module's `lang` claim, as the back office signs it */
  tokenIn(lang: 'fr' | 'en'): string;
  fake: FakeIsendpro;
  dbUrl: string;
  /** a new tab on `#page=...&token=...&lang=...` (no `lang` when null), once the page title is shown */
  open(page: string, lang?: 'fr' | 'en' | null, token?: string | null): Promise<OpenedPage>;
  api<T>(method: string, apiPath: string, body?: unknown): Promise<T>;
}

export interface OpenedPage {
  page: Page;
  /** JavaScript dialogs (alert, confirm) the page opened: none is expected */
  dialogs: string[];
  /** uncaught errors in the page */
  errors: string[];
  /** the URL of every request the tab made, from its first one */
  requests: string[];
}

let shared: Promise<{ harness: AdminHarness; close(): Promise<void> }> | null = null;

/** The shared harness, or a skipped test (a failure under CI=true) when Chromium is missing. */
export async function adminHarness(ctx: Mocha.Context): Promise<AdminHarness> {
  if (!fs.existsSync(CHROMIUM)) {
    const reason = `${CHROMIUM} is missing (run scripts/ensure/40-chromium.sh): browser tests skipped`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.log(`      ${reason}`);
    ctx.skip();
  }
  shared ??= start();
  return (await shared).harness;
}

after(async () => {
  if (shared) await (await shared).close();
});

async function fillShop(dbUrl: string): Promise<void> {
  const db = connectDatabase(dbUrl, 'ps_');
  try {
    await createDemoShop(db, { customers: 200, seed: 11, now: new Date('2026-03-02T10:00:00Z') });
    await migrate(db);
    // Born XSS_AGE years and a month ago: that age whatever the day the suite runs.
    const born = new Date(Date.now() - 30 * 86_400_000);
    born.setUTCFullYear(born.getUTCFullYear() - XSS_AGE);
    const birth = born.toISOString().slice(0, 10);
    const xss = await addCustomer(db, { firstname: XSS_NAME, lastname: 'Test', email: 'xss@example.com', birthday: birth, newsletter: 1 });
    await addAddress(db, { id_customer: xss, phone_mobile: '0687654321' });
    const zoe = await addCustomer(db, { firstname: SHIPPED_CUSTOMER.firstname, lastname: SHIPPED_CUSTOMER.lastname, email: 'zoe@example.com' });
    const address = await addAddress(db, { id_customer: zoe, phone_mobile: SHIPPED_CUSTOMER.mobile });
    await addOrder(db, { id_customer: zoe, id_address_delivery: address, current_state: 4, reference: 'ZOEORDER1' });
    await writeSetting(db, 'isendpro_keyid', FAKE_KEYID, { secret: true });
    await writeSetting(db, 'default_sender', 'MaBoutique');
    await writeSetting(db, 'send_window', JSON.stringify({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', zone: 'Europe/Paris', holidays: 'none' }));
  } finally {
    await db.close();
  }
}

async function start(): Promise<{ harness: AdminHarness; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-e2e-'));
  const dbUrl = `sqlite:${path.join(dir, 'shop.sqlite')}`;
  await fillShop(dbUrl);
  const fake = await startFakeIsendpro();
  // A known module secret, so the tests can sign tokens as the PrestaShop module does.
  const secret = crypto.randomBytes(32).toString('hex');
  let service: SpawnedService | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await service?.stop();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    service = await spawnService({ SHOPCAST_DB_URL: dbUrl, SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_DATA_DIR: dir, SHOPCAST_MODULE_SECRET: secret });
    context = await chromium.launchPersistentContext(path.join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1024, height: 800 },
      acceptDownloads: true,
      locale: 'en-GB',
      timezoneId: 'Europe/Paris',
    });
  } catch (err) {
    await close();
    throw err;
  }
  const { url, token } = service;
  const browser = context;
  fs.mkdirSync(SHOTS, { recursive: true });
  const harness: AdminHarness = {
    url,
    token,
    tokenIn: (lang) => signAdminToken(secret, { shops: [], employee: 1, exp: Math.floor(Date.now() / 1000) + 3600, lang }),
    fake,
    dbUrl,
    async open(name, lang = 'en', withToken = token) {
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      const opened: OpenedPage = { page, dialogs: [], errors: [], requests: [] };
      page.on('request', (request) => opened.requests.push(request.url()));
      page.on('dialog', (dialog) => {
        opened.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (err) => opened.errors.push(err.message));
      const fragment = new URLSearchParams({ page: name, ...(lang === null ? {} : { lang }), ...(withToken === null ? {} : { token: withToken }) });
      await page.goto(`${url}/admin/#${fragment}`);
      await page.locator('h1, .card-header').first().waitFor();
      return opened;
    },
    async api(method, apiPath, body) {
      const res = await fetch(`${url}/api${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? (undefined as never) : res.json();
    },
  };
  return { harness, close };
}

/** True when the run refreshes the user guides' images (SHOPCAST_UPDATE_DOC_SCREENSHOTS=1). */
export const UPDATING_DOC_SCREENSHOTS = process.env.SHOPCAST_UPDATE_DOC_SCREENSHOTS === '1';

/**
 * Saves a full-page screenshot (or one of a part of it, such as a card) under
 * test-results/screenshots/; with SHOPCAST_UPDATE_DOC_SCREENSHOTS=1 also under docs/screenshots/
 * for the user guides. French pages are saved as `<name>-fr` for the French guide.
 */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  const file = path.join(SHOTS, `${name}.png`);
  if ('goto' in target) {
    // From the top: the sticky side column would otherwise be drawn where the page was scrolled to.
    await target.evaluate(() => window.scrollTo(0, 0));
    await target.screenshot({ path: file, fullPage: true });
  } else {
    await target.screenshot({ path: file });
  }
  if (UPDATING_DOC_SCREENSHOTS) {
    fs.mkdirSync(DOC_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOC_SHOTS, `${name}.png`));
  }
}

/** True when the page needs no horizontal scrolling at the viewport's width (1024 px). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Polls `read` until it gives a value: background work (a run, the outbox consumer) is asynchronous. */
export async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
