import AdmZip from 'adm-zip';
import { ShopcastError } from '../../errors';
import { assertSendOptions, assertTrackers, fromProviderNumber, numberKey, toProviderNumber } from '../formats';
import type { ContactResult, Credit, DirectoryContact, MessageResult, OutgoingSms, SendOptions, SmsCount, SmsProvider } from '../types';
import { createTransport, Transport, TransportOptions } from './client';
import { isendproFields } from './fields';
import {
  CallOutcome,
  codeOf,
  entriesOf,
  generalError,
  mapSendOutcome,
  parseBlacklistCsv,
  reasonOf,
  statusOfCode,
  toNumber,
  VendorEnvelope,
} from './vendor';

export interface IsendproSettings {
  keyid: string | null;
  /** messages per /smsmulti call (default 500: the provider documents no limit) */
  batchSize: number;
}

export interface IsendproOptions extends Partial<Omit<TransportOptions, 'baseUrl'>> {
  baseUrl: string;
  /** read before each operation, so a keyid saved in the settings page applies at once */
  settings: () => Promise<IsendproSettings>;
  /** every send and count in the provider's test mode (SHOPCAST_ISENDPRO_SANDBOX=1) */
  sandbox?: boolean;
}

/**
 * The iSendPro adapter (per the provider's OpenAPI 1.1.1). Sends never throw for provider or
 * network failures: each message gets a status. Other operations throw provider_failed with the
 * HTTP status and the provider's code and message (never the keyid).
 */
export function createIsendproProvider(options: IsendproOptions): SmsProvider {
  const call = createTransport({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    backoffMs: options.backoffMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 10_000,
  });
  const keyid = async (): Promise<string> => {
    const { keyid } = await options.settings();
    if (!keyid) throw new ShopcastError('invalid_config', 'iSendPro keyid is not set', { reason: 'not_configured' });
    return keyid;
  };
  const withMode = (sendOptions: SendOptions): SendOptions => (options.sandbox ? { ...sendOptions, sandbox: true } : sendOptions);
  return {
    name: 'isendpro',
    fields: isendproFields,
    configured: async () => Boolean((await options.settings()).keyid),
    send: (messages, sendOptions = {}) => sendAll(call, options.settings, messages, withMode(sendOptions)),
    count: async (message, sendOptions = {}) => count(call, await keyid(), message, withMode(sendOptions)),
    credit: async () => credit(call, await keyid()),
    createDirectory: async (name) => createDirectory(call, await keyid(), name),
    addToDirectory: async (id, contacts) => addToDirectory(call, await options.settings(), id, contacts),
    readBlacklist: async () => readBlacklist(call, await keyid()),
    addToBlacklist: async (phone) => addToBlacklist(call, await keyid(), phone),
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Options common to /sms, /smsmulti and /comptage, as the strings the API expects. */
function messageOptions(options: SendOptions): Record<string, string> {
  assertSendOptions(options);
  const out: Record<string, string> = { smslong: '999' };
  if (options.sender) out.emetteur = options.sender;
  if (options.nostop) out.nostop = '1';
  if (options.ucs2) out.ucs2 = '1';
  if (options.sandbox) out.sandbox = '1';
  return out;
}

async function sendAll(call: Transport, settings: () => Promise<IsendproSettings>, messages: OutgoingSms[], options: SendOptions): Promise<MessageResult[]> {
  if (messages.length === 0) return [];
  assertTrackers(messages);
  const common = messageOptions(options);
  const { keyid, batchSize } = await settings();
  if (!keyid) return mapSendOutcome(messages, { kind: 'not_sent', code: 'not_configured', message: 'iSendPro keyid is not set' });
  const results: MessageResult[] = [];
  // Batches go one after the other: the provider documents no concurrency limit, so we assume
  // none is allowed. When a whole batch is refused with nothing sent (bad keyid, IP, busy), the
  // next batches would meet the same refusal: they get that result without a call.
  let refusal: MessageResult | null = null;
  for (const batch of chunks(messages, Math.max(1, batchSize))) {
    const prior = refusal;
    const batchResults: MessageResult[] = prior
      ? batch.map((m) => ({ ...prior, to: m.to, tracker: m.tracker }))
      : mapSendOutcome(batch, await call(sendRequest(keyid, batch, common)));
    refusal ??= batchResults.every((r) => r.status === 'rejected' && r.retryable) ? batchResults[0] : null;
    results.push(...batchResults);
  }
  return results;
}

function sendRequest(keyid: string, batch: OutgoingSms[], common: Record<string, string>) {
  if (batch.length === 1) {
    const [m] = batch;
    return { method: 'POST', url: '/sms', data: { keyid, num: toProviderNumber(m.to), sms: m.text, tracker: m.tracker, ...common } };
  }
  return {
    method: 'POST',
    url: '/smsmulti',
    data: { keyid, num: batch.map((m) => toProviderNumber(m.to)), sms: batch.map((m) => m.text), tracker: batch.map((m) => m.tracker), ...common },
  };
}

function providerFailed(operation: string, httpStatus: number | null, providerCode: string | null, providerMessage: string | null): ShopcastError {
  return new ShopcastError('provider_failed', `iSendPro ${operation}: ${providerMessage ?? 'unexpected answer'}`, {
    httpStatus, providerCode, providerMessage, reason: reasonOf(providerMessage),
  });
}

/** The answer's envelope when the call succeeded, else a provider_failed error. */
function answerOrThrow(operation: string, outcome: CallOutcome): VendorEnvelope {
  if (outcome.kind !== 'answer') throw providerFailed(operation, null, outcome.code, outcome.message);
  const general = generalError(entriesOf(outcome.data));
  if (outcome.status === 200 && !general) return (outcome.data ?? {}) as VendorEnvelope;
  throw providerFailed(operation, outcome.status, general ? codeOf(general) : null, general?.message ?? `HTTP ${outcome.status}`);
}

async function count(call: Transport, keyid: string, message: { to: string; text: string }, options: SendOptions): Promise<SmsCount> {
  const data = { keyid, comptage: '1', num: toProviderNumber(message.to), sms: message.text, ...messageOptions(options) };
  const entry = entriesOf(answerOrThrow('count', await call({ method: 'POST', url: '/comptage', data })))[0];
  const characters = toNumber(entry?.nb_caractere);
  const parts = toNumber(entry?.nb_sms);
  if (characters === null || parts === null) throw providerFailed('count', 200, null, 'answer without nb_caractere/nb_sms');
  return { characters, parts };
}

/** Form-encoded POST first (the official SDK's choice since 2025), GET when POST is not served. */
async function credit(call: Transport, keyid: string): Promise<Credit> {
  const form = new URLSearchParams({ keyid, credit: '2' }).toString();
  let outcome = await call({ method: 'POST', url: '/credit', data: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (outcome.kind === 'answer' && (outcome.status === 404 || outcome.status === 405)) {
    outcome = await call({ method: 'GET', url: '/credit', params: { keyid, credit: '2' } });
  }
  const etat = answerOrThrow('credit', outcome).etat;
  const amount = toNumber(etat?.credit);
  if (amount === null) throw providerFailed('credit', 200, null, 'answer without credit');
  return { amount, smsFrance: toNumber(etat?.quantite) };
}

async function createDirectory(call: Transport, keyid: string, name: string): Promise<string> {
  const data = { keyid, repertoireEdit: 'create', repertoireNom: name };
  const entry = entriesOf(answerOrThrow('create directory', await call({ method: 'POST', url: '/repertoire', data })))[0];
  if (!entry?.repertoireId) throw providerFailed('create directory', 200, entry ? codeOf(entry) : null, 'answer without repertoireId');
  return String(entry.repertoireId);
}

async function addToDirectory(call: Transport, settings: IsendproSettings, id: string, contacts: DirectoryContact[]): Promise<ContactResult[]> {
  if (!settings.keyid) throw new ShopcastError('invalid_config', 'iSendPro keyid is not set', { reason: 'not_configured' });
  const results: ContactResult[] = [];
  for (const batch of chunks(contacts, Math.max(1, settings.batchSize))) {
    const data = { keyid: settings.keyid, repertoireEdit: 'add', repertoireId: id, num: batch.map((c) => toProviderNumber(c.phone)), champ1: batch.map((c) => c.name) };
    const entries = entriesOf(answerOrThrow('add to directory', await call({ method: 'PUT', url: '/repertoire', data })));
    const byNumber = new Map(entries.filter((e) => e.tel).map((e) => [numberKey(e.tel!), e]));
    for (const contact of batch) {
      const entry = byNumber.get(numberKey(contact.phone)) ?? entries.find((e) => !e.tel);
      const code = entry ? codeOf(entry) : null;
      results.push({ phone: contact.phone, status: statusOfCode(code), code, message: entry?.message ?? null });
    }
  }
  return results;
}

/** The blacklist comes as a zipped CSV; an error comes as the usual JSON envelope. */
async function readBlacklist(call: Transport, keyid: string): Promise<string[]> {
  const outcome = await call({ method: 'POST', url: '/getlistenoire', params: { keyid, getListeNoire: '1' }, responseType: 'arraybuffer' });
  if (outcome.kind !== 'answer') throw providerFailed('read blacklist', null, outcome.code, outcome.message);
  const bytes = Buffer.from(outcome.data as ArrayBuffer);
  if (outcome.status === 200 && bytes.subarray(0, 2).toString('latin1') === 'PK') return parseBlacklistCsv(unzipFirstFile(bytes));
  const general = generalError(entriesOf(parseJson(bytes)));
  throw providerFailed('read blacklist', outcome.status, general ? codeOf(general) : null, general?.message ?? 'answer is not a zip file');
}

function unzipFirstFile(bytes: Buffer): string {
  try {
    const entry = new AdmZip(bytes).getEntries().find((e) => !e.isDirectory);
    return entry ? entry.getData().toString('utf8') : '';
  } catch {
    throw providerFailed('read blacklist', 200, null, 'the zip file is unreadable');
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

async function addToBlacklist(call: Transport, keyid: string, phone: string): Promise<void> {
  const num = toProviderNumber(fromProviderNumber(phone) ?? phone);
  answerOrThrow('add to blacklist', await call({ method: 'POST', url: '/setlistenoire', params: { keyid, setlisteNoire: '1', num } }));
}
