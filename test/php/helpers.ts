import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mysqlDialect, mysqlUnavailableReason, TestDatabase } from '../helpers/databases';

/**
 * Runs the PHP test scripts of test/php/ (plain assertion scripts on the PrestaShop stand-ins of
 * test/php/stubs/) and gives them what they need: a fresh MariaDB database, fake Shopcast
 * services on 127.0.0.1, a JSON file to report back through.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const moduleDir = path.join(repoRoot, 'module', 'shopcast');
export const TEST_PREFIX = 'pst_';

let phpReason: Promise<string | null> | undefined;

/** null when `php` runs with mysqli and curl, else why the PHP tests cannot run. */
export function phpUnavailableReason(): Promise<string | null> {
  phpReason ??= new Promise((resolve) => {
    execFile('php', ['-r', 'exit(extension_loaded("mysqli") && extension_loaded("curl") ? 0 : 3);'], (err) => {
      if (!err) return resolve(null);
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      resolve(missing ? 'the php CLI is not installed' : 'php lacks the mysqli or curl extension');
    });
  });
  return phpReason;
}

/**
 * A describe block whose tests need PHP (and MariaDB unless told otherwise): skipped with the
 * reason when either is missing, except under CI=true where that fails the run.
 */
export function describePhp(title: string, body: () => void, options: { mysql?: boolean } = {}): void {
  describe(title, function () {
    before(async function () {
      const reason = (await phpUnavailableReason()) ?? (options.mysql === false ? null : await mysqlUnavailableReason());
      if (!reason) return;
      if (process.env.CI === 'true') throw new Error(`${reason} (required under CI=true; see scripts/ensure/30-php.sh)`);
      console.warn(`      skipped: ${reason} (run bash scripts/ensure/30-php.sh)`);
      this.skip();
    });
    body();
  });
}

export interface PhpRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** what the script wrote with output_json(), if anything */
  output: any;
}

/** Runs a test script of this folder: `php test/php/<script> <args...>`. */
export function runPhp(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<PhpRun> {
  return execPhp([path.join(__dirname, script), ...args], env);
}

/** Runs `php <args...>` with the given environment; never rejects on a failing script. */
export function execPhp(args: string[], env: Record<string, string> = {}): Promise<PhpRun> {
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-php-')), 'out.json');
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile('php', args, { env: { ...process.env, SHOPCAST_TEST_OUT: outFile, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const output = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : undefined;
      fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr, ms, output });
    });
  });
}

/** Throws with everything the script printed unless it exited 0. */
export function expectPassed(run: PhpRun, what: string): PhpRun {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stderr}${run.stdout}`);
  return run;
}

/** A fresh MariaDB database for one test, and the environment the PHP bootstrap reads. */
export async function phpDatabase(prefix = TEST_PREFIX): Promise<{ database: TestDatabase; env: Record<string, string> }> {
  const database = await mysqlDialect.create(prefix);
  return { database, env: { SHOPCAST_TEST_DB_URL: database.url, SHOPCAST_TEST_PREFIX: prefix } };
}

/** Runs a PHP test script against a database and fails the test with its output if it fails. */
export async function runPhpTest(script: string, env: Record<string, string>): Promise<PhpRun> {
  return expectPassed(await runPhp(script, [], env), script);
}

export interface FakeService {
  url: string;
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records each request and answers with `answer`. */
export async function startFakeService(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<FakeService> {
  const requests: FakeService['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A service that reads requests and never answers: the case only a timeout ends. */
export function startSilentService(): Promise<FakeService> {
  return startFakeService(() => undefined);
}

/** The URL of a port nothing listens on (taken from the OS, then released). */
export async function unusedServiceUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Every .php file under a folder, sorted. */
export function phpFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.php'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
