import AdmZip from 'adm-zip';

/**
 * What the fake iSendPro answers to a valid request, operation by operation, from its switches
 * and its state (directories, blacklist). Answers follow the contract's shapes: `etat.etat` as an
 * array or an object, `code` as a string or a number, errors as HTTP 400 with the same envelope.
 * The contract does not document the codes of general errors; the ones here are placeholders
 * (the adapter reads the provider's words for those, as the real answers' texts are known).
 */
export interface FakeSwitches {
  /** the one keyid the fake accepts */
  keyid: string;
  /** false: every call fails with the IP whitelist message */
  ipAllowed: boolean;
  /** the account's blacklist: sends to these get code 11, /getlistenoire lists them */
  blacklisted: string[];
  /** numbers answered with code 21 (not assigned) */
  unassigned: string[];
  credit: { amount: number; quantite: number };
  /** false: POST /credit answers 405, as a server without the SDK's 2025 form call would */
  creditPost: boolean;
  /** 'auto': an object when there is one entry, an array otherwise */
  etatShape: 'auto' | 'array' | 'object';
  codeType: 'string' | 'number';
  /** every answer waits this long (slow provider) */
  delayMs: number;
  faults: Fault[];
}

/** A failure injected on matching requests, after the request was read and recorded. */
export type Fault =
  | { kind: 'http'; status: number; retryAfter?: number; path?: string; times?: number }
  /** answer headers and half a body, then destroy the socket */
  | { kind: 'drop'; path?: string; times?: number }
  /** never answer (until the fake closes) */
  | { kind: 'hang'; path?: string; times?: number };

export interface FakeState {
  switches: FakeSwitches;
  /** fakeKey()s of the blacklist: seeded by the switch, grown by /setlistenoire */
  blacklist: Set<string>;
  directories: Map<string, { name: string; contacts: Array<{ tel: string; name: string | null }> }>;
}

export interface FakeAnswer {
  status: number;
  json?: unknown;
  raw?: Buffer;
  contentType?: string;
}

export interface ParsedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export const FAKE_CODES = { badKeyid: '1', ipNotAllowed: '2', invalidRequest: '99' };
export const BAD_KEYID_MESSAGE = 'Your credentials are incorrect';
export const IP_MESSAGE = "L'adresse IP n'est pas autorisée";

const perNumberMessage: Record<string, string> = { '0': 'Envoyé', '11': 'Numéro en liste noire', '21': 'Numéro non attribué' };

type Entry = Record<string, unknown>;

/** Same digits for '0612345678', '33612345678' and '+33612345678'. */
export function fakeKey(num: string): string {
  const digits = num.replace(/\D/g, '').replace(/^00/, '');
  return /^0\d{9}$/.test(digits) ? `33${digits.slice(1)}` : digits;
}

export function envelope(entries: Entry[], switches: FakeSwitches): { etat: { etat: Entry | Entry[] } } {
  const coded = entries.map((e) => (e.code === undefined ? e : { ...e, code: switches.codeType === 'number' ? Number(e.code) : String(e.code) }));
  const asObject = switches.etatShape === 'object' || (switches.etatShape === 'auto' && coded.length === 1);
  return { etat: { etat: asObject ? coded[0] : coded } };
}

export function generalError(code: string, message: string, switches: FakeSwitches, status = 400): FakeAnswer {
  return { status, json: envelope([{ code, message }], switches) };
}

function keyidOf(req: ParsedRequest): string | undefined {
  const fromBody = (req.body as Record<string, unknown> | undefined)?.keyid;
  return typeof fromBody === 'string' ? fromBody : req.query.keyid;
}

/** The answer to a request that honours the contract. */
export function answer(req: ParsedRequest, state: FakeState): FakeAnswer {
  const { switches } = state;
  if (!switches.ipAllowed) return generalError(FAKE_CODES.ipNotAllowed, IP_MESSAGE, switches);
  if (req.method === 'POST' && req.path === '/credit' && !switches.creditPost) return { status: 405, json: {} };
  if (keyidOf(req) !== switches.keyid) return generalError(FAKE_CODES.badKeyid, BAD_KEYID_MESSAGE, switches);
  const handler = handlers[`${req.method} ${req.path}`];
  return handler ? handler(req, state) : generalError(FAKE_CODES.invalidRequest, 'Opération inconnue', switches, 404);
}

function sendEntries(nums: string[], { switches, blacklist }: FakeState): Entry[] {
  const unassigned = new Set(switches.unassigned.map(fakeKey));
  return nums.map((tel) => {
    const code = blacklist.has(fakeKey(tel)) ? '11' : unassigned.has(fakeKey(tel)) ? '21' : '0';
    return { code, message: perNumberMessage[code], tel, ...(code === '0' ? { smslong: '1' } : {}) };
  });
}

function sendAnswer(entries: Entry[], switches: FakeSwitches): FakeAnswer {
  const allFailed = entries.every((e) => e.code !== '0');
  return { status: allFailed ? 400 : 200, json: envelope(entries, switches) };
}

const handlers: Record<string, (req: ParsedRequest, state: FakeState) => FakeAnswer> = {
  'POST /sms': (req, state) => {
    const body = req.body as { num: string };
    return sendAnswer(sendEntries([body.num], state), state.switches);
  },
  'POST /smsmulti': (req, state) => {
    const { switches } = state;
    const body = req.body as { num: string[]; sms: string[]; tracker?: string[] };
    if (body.sms.length !== 1 && body.sms.length !== body.num.length) {
      return generalError(FAKE_CODES.invalidRequest, 'Le nombre de messages ne correspond pas au nombre de numéros', switches);
    }
    if (body.tracker && body.tracker.length !== body.num.length) {
      return generalError(FAKE_CODES.invalidRequest, 'Le nombre de trackers ne correspond pas au nombre de numéros', switches);
    }
    return sendAnswer(sendEntries(body.num, state), switches);
  },
  'POST /comptage': (req, { switches }) => {
    const body = req.body as { num: string; sms: string };
    const length = Array.from(body.sms).length;
    const parts = length <= 160 ? 1 : Math.ceil(length / 153);
    return { status: 200, json: envelope([{ tel: body.num, nb_caractere: String(length), nb_sms: String(parts) }], switches) };
  },
  'POST /credit': (req, { switches }) => creditAnswer((req.body as Record<string, string>).credit, switches),
  'GET /credit': (req, { switches }) => creditAnswer(req.query.credit, switches),
  'POST /repertoire': (req, state) => {
    const id = String(state.directories.size + 1);
    state.directories.set(id, { name: (req.body as { repertoireNom: string }).repertoireNom, contacts: [] });
    return { status: 200, json: envelope([{ code: '0', message: 'Répertoire créé', repertoireId: id }], state.switches) };
  },
  'PUT /repertoire': (req, state) => addToDirectory(req.body as { repertoireId: string; num: string[]; champ1?: string[] }, state),
  'POST /getlistenoire': (_req, state) => {
    const lines = ['numero;date_ajout', ...[...state.blacklist].map((tel) => `${tel};2025-01-15 10:00:00`)];
    const zip = new AdmZip();
    zip.addFile('listenoire.csv', Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'));
    return { status: 200, raw: zip.toBuffer(), contentType: 'application/zip' };
  },
  'POST /setlistenoire': (req, state) => {
    state.blacklist.add(fakeKey(req.query.num));
    return { status: 200, json: envelope([{ tel: req.query.num, listeNoire: 'OK' }], state.switches) };
  },
};

function creditAnswer(kind: string, switches: FakeSwitches): FakeAnswer {
  const etat: Entry = { credit: switches.credit.amount };
  if (kind === '2') etat.quantite = String(switches.credit.quantite);
  return { status: 200, json: { etat } };
}

function addToDirectory(body: { repertoireId: string; num: string[]; champ1?: string[] }, state: FakeState): FakeAnswer {
  const directory = state.directories.get(body.repertoireId);
  if (!directory) return generalError(FAKE_CODES.invalidRequest, 'Répertoire inconnu', state.switches);
  if (body.champ1 && body.champ1.length !== body.num.length) {
    return generalError(FAKE_CODES.invalidRequest, 'champ1 ne correspond pas au nombre de numéros', state.switches);
  }
  const unassigned = new Set(state.switches.unassigned.map(fakeKey));
  const entries = body.num.map((tel, i) => {
    const ok = !unassigned.has(fakeKey(tel));
    if (ok) directory.contacts.push({ tel, name: body.champ1?.[i] ?? null });
    return { code: ok ? '0' : '21', message: ok ? 'OK' : perNumberMessage['21'], tel, repertoireId: body.repertoireId };
  });
  return { status: 200, json: envelope(entries, state.switches) };
}
