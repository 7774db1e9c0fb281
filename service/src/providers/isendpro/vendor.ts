import type { MessageResult, OutgoingSms } from '../types';
import { boundCode, fromProviderNumber, numberKey } from '../formats';

/**
 * iSendPro's answers, typed here and nowhere else, and the pure functions that turn them into our
 * results. The API is loose: `etat.etat` is an object or an array, `code` a number or a string,
 * and errors come back as HTTP 400 with the same envelope.
 */
export interface VendorEntry {
  code?: number | string;
  message?: string;
  tel?: string;
  smslong?: string;
  repertoireId?: string;
  nb_caractere?: string | number;
  nb_sms?: string | number;
  listeNoire?: string;
}

export interface VendorEnvelope {
  etat?: {
    etat?: VendorEntry | VendorEntry[];
    credit?: number | string;
    quantite?: number | string;
  };
}

/** The result of one HTTP exchange, as the transport saw it (see client.ts). */
export type CallOutcome =
  | { kind: 'answer'; status: number; data: unknown }
  /** the connection was never established, or the server said 429/503: nothing was processed */
  | { kind: 'not_sent'; code: string; message: string }
  /** the request was written and no complete answer came back: it may have been processed */
  | { kind: 'in_flight'; code: string; message: string };

/** Why a whole call failed, for the settings page's message; decided from the provider's text. */
export type FailureReason = 'bad_credentials' | 'ip_not_allowed' | 'other';

export const knownCodes: Record<string, string> = {
  '0': 'sent',
  '11': 'number in the blacklist, not routed',
  '21': 'number not assigned',
};

export function entriesOf(body: unknown): VendorEntry[] {
  const etat = (body as VendorEnvelope | null)?.etat?.etat;
  if (Array.isArray(etat)) return etat.filter((e) => e !== null && typeof e === 'object');
  return etat && typeof etat === 'object' ? [etat] : [];
}

export function codeOf(entry: VendorEntry): string | null {
  if (entry.code === undefined || entry.code === null || String(entry.code).trim() === '') return null;
  return boundCode(String(entry.code).trim());
}

/** Vendor code -> our status: 0 is the only success; any other code, known or not, is a refusal. */
export function statusOfCode(code: string | number | null | undefined): 'accepted' | 'rejected' {
  const text = code === null || code === undefined ? '' : String(code).trim();
  return text !== '' && Number(text) === 0 ? 'accepted' : 'rejected';
}

export function reasonOf(message: string | null | undefined): FailureReason {
  const text = (message ?? '').toLowerCase();
  if (/credential|identifiant|keyid/.test(text)) return 'bad_credentials';
  if (/\bip\b/.test(text) && /autoris|authori[sz]/.test(text)) return 'ip_not_allowed';
  return 'other';
}

/** The first entry without a number and with a non-zero code: an error for the whole call. */
export function generalError(entries: VendorEntry[]): VendorEntry | null {
  return entries.find((e) => !e.tel && statusOfCode(codeOf(e)) === 'rejected') ?? null;
}

function everyone(batch: OutgoingSms[], fields: Omit<MessageResult, 'to' | 'tracker'>): MessageResult[] {
  return batch.map((m) => ({ to: m.to, tracker: m.tracker, ...fields, code: boundCode(fields.code) }));
}

/**
 * One result per message of a batch from what the transport saw. A dropped connection, a timeout
 * or a 5xx other than 503 leaves the batch unknown: the provider may have sent part of it, and
 * retrying could send twice. A refused connection or a 429/503 answer means nothing was sent.
 */
export function mapSendOutcome(batch: OutgoingSms[], outcome: CallOutcome): MessageResult[] {
  if (outcome.kind === 'not_sent') {
    return everyone(batch, { status: 'rejected', code: outcome.code, message: outcome.message, retryable: true });
  }
  if (outcome.kind === 'in_flight') {
    return everyone(batch, { status: 'unknown', code: outcome.code, message: outcome.message });
  }
  const { status } = outcome;
  if (status === 429 || status === 503) {
    return everyone(batch, { status: 'rejected', code: `http_${status}`, message: 'provider busy', retryable: true });
  }
  if (status >= 500) return everyone(batch, { status: 'unknown', code: `http_${status}`, message: 'provider error' });
  const entries = entriesOf(outcome.data);
  if (status !== 200 && status !== 400 && entries.length === 0) {
    return everyone(batch, { status: 'rejected', code: `http_${status}`, message: 'unexpected answer', retryable: true });
  }
  return mapEntries(batch, entries);
}

/** Per-number entries are matched by number, so the provider may answer in any order or format. */
export function mapEntries(batch: OutgoingSms[], entries: VendorEntry[]): MessageResult[] {
  const general = generalError(entries);
  if (general) {
    return everyone(batch, { status: 'rejected', code: codeOf(general), message: general.message ?? null, retryable: true });
  }
  const byNumber = new Map<string, VendorEntry[]>();
  for (const entry of entries) {
    if (!entry.tel) continue;
    const key = numberKey(entry.tel);
    byNumber.set(key, [...(byNumber.get(key) ?? []), entry]);
  }
  const batchOk = entries.some((e) => !e.tel && statusOfCode(codeOf(e)) === 'accepted');
  return batch.map((m): MessageResult => {
    const entry = byNumber.get(numberKey(m.to))?.shift();
    if (entry) {
      const code = codeOf(entry);
      return { to: m.to, tracker: m.tracker, status: statusOfCode(code), code, message: entry.message ?? knownCodes[code ?? ''] ?? null };
    }
    if (batchOk) return { to: m.to, tracker: m.tracker, status: 'accepted', code: '0', message: knownCodes['0'] };
    return { to: m.to, tracker: m.tracker, status: 'unknown', code: null, message: 'no result for this number in the answer' };
  });
}

/** 10.0, "10.0" or "10,0" -> 10; null for anything else. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = String(value ?? '').trim().replace(',', '.');
  return text !== '' && Number.isFinite(Number(text)) ? Number(text) : null;
}

/** Numbers of the blacklist CSV: the first field of each line that looks like a phone number. */
export function parseBlacklistCsv(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const field = line
      .split(/[;,\t]/)
      .map((f) => f.trim().replace(/^"|"$/g, ''))
      .find((f) => /^\+?[\d\s.]{8,20}$/.test(f));
    if (field) found.add(fromProviderNumber(field) ?? field.replace(/[^\d]/g, ''));
  }
  return [...found];
}
