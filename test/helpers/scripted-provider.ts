import type { ContactResult, DirectoryContact, MessageResult, OutgoingSms, SendOptions, SmsProvider } from '../../service/src/providers';

/**
 * An SmsProvider whose answers a test chooses, recording every call. The adapters themselves are
 * tested against the fake iSendPro server; this double lets the dispatcher's and the runner's
 * tests produce each outcome (accepted, refused, retryable, unknown, a crash mid-call) on demand.
 */
export interface ScriptedProvider extends SmsProvider {
  calls: Array<{ messages: OutgoingSms[]; options: SendOptions }>;
  directories: Array<{ name: string; contacts: DirectoryContact[] }>;
  /** the outcome for each message of the next calls; accepted by default; may throw */
  next: (m: OutgoingSms) => Omit<MessageResult, 'to' | 'tracker'>;
  /** euros the credit call reports */
  creditAmount: number;
}

export function scriptedProvider(): ScriptedProvider {
  const provider: ScriptedProvider = {
    name: 'sandbox',
    fields: [],
    calls: [],
    directories: [],
    creditAmount: 1000,
    next: () => ({ status: 'accepted', code: '0', message: 'ok' }),
    configured: async () => true,
    async send(messages, options = {}) {
      provider.calls.push({ messages, options });
      return messages.map((m) => ({ to: m.to, tracker: m.tracker, ...provider.next(m) }));
    },
    async count(message) {
      return { characters: message.text.length, parts: 1 };
    },
    async credit() {
      return { amount: provider.creditAmount, smsFrance: Math.floor(provider.creditAmount / 0.045) };
    },
    async createDirectory(name) {
      provider.directories.push({ name, contacts: [] });
      return `dir${provider.directories.length}`;
    },
    async addToDirectory(directoryId, contacts): Promise<ContactResult[]> {
      provider.directories[Number(directoryId.slice(3)) - 1].contacts.push(...contacts);
      return contacts.map((c) => ({ phone: c.phone, status: 'accepted', code: '0', message: null }));
    },
    async readBlacklist() {
      return [];
    },
    async addToBlacklist() {},
  };
  return provider;
}
