import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import vm from 'node:vm';
import { loadConfig } from '../../service/src/config';
import { connectDatabase } from '../../service/src/db';
import { createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';

describe('admin pages assets', function () {
  this.timeout(30_000);
  let server: Server;
  let base: string;
  const db = connectDatabase('sqlite::memory:', 'ps_');

  before(async () => {
    const ctx = { db, config: loadConfig({}), log: createLogger('silent'), secret: 'a'.repeat(64), provider: { name: 'sandbox', configured: async () => true } };
    server = createApp(ctx).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  });

  it('serves the page and its stylesheet from admin-ui/public', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include('<title>Shopcast</title>');
    expect(html).to.include('<script src="app.js"></script>');
    expect((await fetch(`${base}/admin.css`)).headers.get('content-type')).to.match(/^text\/css/);
  });

  it('bundles the pages with the SMS core into one script that parses, and answers 304 while it is unchanged', async () => {
    const res = await fetch(`${base}/app.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/javascript/);
    const code = await res.text();
    expect(() => new vm.Script(code)).not.to.throw();
    expect(code).not.to.match(/\brequire\("(?!source-map)/);
    const again = await fetch(`${base}/app.js`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).to.equal(304);
  });

  it('does not serve the TypeScript sources', async () => {
    expect((await fetch(`${base}/src/main.ts`)).status).to.equal(404);
  });
});
