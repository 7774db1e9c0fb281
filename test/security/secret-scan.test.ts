import { expect } from 'chai';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { signAdminToken } from '../../service/src/auth';
import { createLogger } from '../../service/src/logging';
import { FAKE_KEYID } from '../fakes/isendpro';
import { captureChildOutput, findLeaks, forgetSecret, isRegistered, registerSecret } from './secret-registry';

/**
 * The suite-wide scan (secret-scan.ts) is only worth something if it sees each kind of output:
 * this plants a secret in a log line below the logger's level, an express answer and a child's
 * output, checks the scan finds all three, then forgets it so the run itself does not fail.
 */
describe('the suite-wide secret scan', () => {
  const canary = crypto.randomBytes(16).toString('hex');
  after(() => forgetSecret(canary));

  it('knows the fakes’ credentials and every HMAC key this process uses', () => {
    expect(isRegistered(FAKE_KEYID)).to.equal(true);
    const moduleSecret = crypto.randomBytes(32).toString('hex');
    signAdminToken(moduleSecret, { shops: [], employee: 1, exp: 1 });
    expect(isRegistered(moduleSecret)).to.equal(true);
    signAdminToken('m'.repeat(64), { shops: [], employee: 1, exp: 1 });
    expect(isRegistered('m'.repeat(64)), 'placeholders are not scanned').to.equal(false);
  });

  it('finds a secret written in a log line, an HTTP answer and a spawned process’s output', async () => {
    registerSecret('the canary', canary);
    createLogger('silent').debug({ note: `canary ${canary}` }, 'a line no destination receives');

    const app = express();
    app.get('/leak', (_req, res) => {
      res.write('part one, ');
      res.end(`then ${canary}`);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/leak`)).text();
    await new Promise((resolve) => server.close(resolve));

    const child = spawn(process.execPath, ['-e', `console.error(${JSON.stringify(canary)})`], { stdio: ['ignore', 'pipe', 'pipe'] });
    captureChildOutput(child, 'the canary process');
    await new Promise((resolve) => child.once('close', resolve));

    const found = findLeaks().filter((l) => l.startsWith('the canary in'));
    expect(found.map((l) => l.split(':')[0]).sort()).to.deep.equal(['the canary in HTTP answers', 'the canary in log lines', 'the canary in output of the canary process']);
    expect(found.join('\n'), 'the report masks the secret').not.to.include(canary);
  });
});
