import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { answer, Fault, FAKE_CODES, fakeKey, FakeAnswer, FakeState, FakeSwitches, generalError, ParsedRequest } from './behaviour';
import { loadSpec, validateRequest } from './validator';

/**
 * A fake iSendPro on 127.0.0.1 for contract tests and benches. Every request is read in full,
 * checked against the OpenAPI contract, recorded, then answered like the real service, or failed
 * as the switches say. Base URL: `${url}` (it ends in /cgi-bin, like the real one).
 */
export interface FakeRequest extends ParsedRequest {
  contentType: string | null;
  /** what breaks the contract; empty for a valid request (answered 400 otherwise) */
  problems: string[];
  /** the fault injected on this request, if any */
  fault: Fault['kind'] | null;
}

/** How the fake serves, fixed at start (switches change answers; these change the server). */
export interface FakeServerOptions {
  /**
   * Serve HTTPS with the self-signed certificate in ./tls (CN fake-isendpro, IP 127.0.0.1, valid
   * until 2126). Clients that do not trust it fail the handshake before writing anything.
   */
  tls?: boolean;
  /**
   * 'all' (default) records every request; 'invalid' records only those that broke the contract,
   * so a bench sending millions of messages does not hold every body (`received` still counts all).
   */
  keep?: 'all' | 'invalid';
}

export interface FakeIsendpro {
  /** base URL to give the adapter, e.g. http://127.0.0.1:40123/cgi-bin (https:// with tls) */
  url: string;
  /** every request received, in arrival order (a live array: clear it with reset()) */
  requests: FakeRequest[];
  /** how many requests arrived since the start or the last reset(), recorded or not */
  readonly received: number;
  setSwitches(changes: Partial<FakeSwitches>): void;
  /** forget requests, directories and switches (back to the options given at start) */
  reset(): void;
  state: FakeState;
  close(): Promise<void>;
}

export const FAKE_KEYID = 'fakekeyid0123456789abcdef0123456';

export const defaultSwitches: FakeSwitches = {
  keyid: FAKE_KEYID,
  ipAllowed: true,
  blacklisted: [],
  unassigned: [],
  credit: { amount: 10, quantite: 343 },
  creditPost: true,
  etatShape: 'auto',
  codeType: 'string',
  delayMs: 0,
  faults: [],
};

const spec = loadSpec();
const BASE_PATH = '/cgi-bin';

/** The fake's self-signed certificate, for a test that trusts it (https.Agent({ ca })). */
export const FAKE_TLS = {
  cert: fs.readFileSync(path.join(__dirname, 'tls', 'cert.pem')),
  key: fs.readFileSync(path.join(__dirname, 'tls', 'key.pem')),
};

export async function startFakeIsendpro(options: Partial<FakeSwitches> = {}, serverOptions: FakeServerOptions = {}): Promise<FakeIsendpro> {
  const state: FakeState = { switches: { ...defaultSwitches }, blacklist: new Set(), directories: new Map() };
  const requests: FakeRequest[] = [];
  const counter = { received: 0 };
  const keep = serverOptions.keep === 'invalid' ? (r: FakeRequest) => r.problems.length > 0 : () => true;
  const timers = new Set<NodeJS.Timeout>();
  const setSwitches = (changes: Partial<FakeSwitches>) => {
    // Faults are copied: their `times` counts down, and the caller's object must stay as given.
    state.switches = { ...state.switches, ...changes, faults: (changes.faults ?? state.switches.faults).map((f) => ({ ...f })) };
    if (changes.blacklisted) state.blacklist = new Set(changes.blacklisted.map(fakeKey));
  };
  setSwitches(options);
  const record = (r: FakeRequest) => {
    counter.received++;
    if (keep(r)) requests.push(r);
  };
  const handler = listener(state, record, timers);
  const server = serverOptions.tls ? https.createServer(FAKE_TLS, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${serverOptions.tls ? 'https' : 'http'}://127.0.0.1:${port}${BASE_PATH}`,
    requests,
    get received() {
      return counter.received;
    },
    state,
    setSwitches,
    reset() {
      requests.length = 0;
      counter.received = 0;
      state.directories.clear();
      state.switches = { ...defaultSwitches };
      state.blacklist = new Set();
      setSwitches(options);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads each request in full, records it, then fails it as the faults say or answers it. */
function listener(state: FakeState, keep: (r: FakeRequest) => void, timers: Set<NodeJS.Timeout>): http.RequestListener {
  const respond = async (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const record = parse(req, raw);
    keep(record);
    const fault = takeFault(state.switches, record.path);
    record.fault = fault?.kind ?? null;
    if (fault?.kind === 'hang') return;
    if (state.switches.delayMs > 0) await wait(state.switches.delayMs, timers);
    if (fault?.kind === 'drop') return dropMidAnswer(res);
    if (fault?.kind === 'http') return reply(res, generalError(String(fault.status), `HTTP ${fault.status}`, state.switches, fault.status), fault.retryAfter);
    if (record.problems.length > 0) {
      return reply(res, generalError(FAKE_CODES.invalidRequest, `Requête invalide : ${record.problems.join('; ')}`, state.switches));
    }
    reply(res, answer(record, state));
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void respond(req, res, Buffer.concat(chunks).toString('utf8')));
  };
}

function parse(req: http.IncomingMessage, raw: string): FakeRequest {
  const url = new URL(req.url ?? '/', 'http://fake');
  const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const contentType = req.headers['content-type']?.split(';')[0].trim() ?? null;
  const query = Object.fromEntries(url.searchParams);
  const problems: string[] = [];
  let body: unknown;
  if (raw !== '') {
    if (contentType === 'application/x-www-form-urlencoded') body = Object.fromEntries(new URLSearchParams(raw));
    else if (contentType === 'application/json') body = parseJson(raw, problems);
    else problems.push(`unexpected content type ${contentType}`);
  }
  const record: FakeRequest = { method, path, query, body, contentType, problems, fault: null };
  // The SDK's form-encoded POST /credit carries GET /credit's parameters in its body.
  const asOperation = method === 'POST' && path === '/credit' ? { method: 'GET', path: '/credit' } : undefined;
  if (asOperation && contentType !== 'application/x-www-form-urlencoded') problems.push('POST /credit must be form-encoded');
  problems.push(...validateRequest(spec, record, asOperation));
  return record;
}

function parseJson(raw: string, problems: string[]): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    problems.push('the body is not valid JSON');
    return undefined;
  }
}

/** The first fault for this path with uses left; consumes one use. */
function takeFault(switches: FakeSwitches, path: string): Fault | null {
  const fault = switches.faults.find((f) => (f.path === undefined || f.path === path) && (f.times === undefined || f.times > 0));
  if (fault && fault.times !== undefined) fault.times--;
  return fault ?? null;
}

function wait(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}

function reply(res: http.ServerResponse, out: FakeAnswer, retryAfter?: number): void {
  const body = out.raw ?? Buffer.from(JSON.stringify(out.json ?? {}), 'utf8');
  const headers: http.OutgoingHttpHeaders = { 'content-type': out.contentType ?? 'application/json; charset=utf-8', 'content-length': body.length };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  res.writeHead(out.status, headers);
  res.end(body);
}

/** Headers promise a body; half of it goes out, then the socket is destroyed. */
function dropMidAnswer(res: http.ServerResponse): void {
  const partial = '{"etat":{"etat":[{"code":"0","mess';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': partial.length * 3 });
  res.write(partial, () => res.socket?.destroy());
}
