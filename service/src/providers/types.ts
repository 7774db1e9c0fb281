import type { z } from 'zod';

/**
 * The one narrow port every SMS adapter implements. Cores (campaign runner, notifications) only
 * see these types; vendor payloads stay inside each adapter folder.
 */

/** What happened to one message, as far as we can know it. */
export type SendStatus =
  /** the provider took the message (code 0 for iSendPro) */
  | 'accepted'
  /** the provider refused it, or it never left us: nothing was sent */
  | 'rejected'
  /** the request was in flight when the connection failed: it may or may not be sent, never retry */
  | 'unknown';

export interface OutgoingSms {
  /** E.164 (+33612345678) or the provider's own format */
  to: string;
  text: string;
  /** < 50 alphanumeric characters, echoed in delivery reports to find our history row */
  tracker: string;
}

export interface SendOptions {
  sender?: string;
  /** commercial message: the provider appends the STOP mention; nostop is refused when true */
  marketing?: boolean;
  /** drop the STOP mention (transactional messages on accounts whose restriction was lifted) */
  nostop?: boolean;
  /** non-Latin text, only outside metropolitan France */
  ucs2?: boolean;
  /** the provider's test mode: not routed, not charged */
  sandbox?: boolean;
}

export interface MessageResult {
  to: string;
  tracker: string;
  status: SendStatus;
  /** the provider's code ('0', '11', '21'...) or ours for transport failures ('timeout', 'http_503'...); at most PROVIDER_CODE_MAX (64) characters */
  code: string | null;
  message: string | null;
  /** the provider's id for the message, when it gives one */
  providerId?: string;
  /** rejected before anything was sent (bad keyid, refused connection...): a later retry is safe */
  retryable?: boolean;
}

export interface SmsCount {
  characters: number;
  parts: number;
}

export interface Credit {
  /** euros left on the account */
  amount: number;
  /** what the provider says that buys in SMS to metropolitan France; null when it does not say */
  smsFrance: number | null;
}

export interface DirectoryContact {
  phone: string;
  /** customer name, shown in the provider's directory (iSendPro champ1) */
  name: string;
}

export interface ContactResult {
  phone: string;
  status: 'accepted' | 'rejected';
  code: string | null;
  message: string | null;
}

/**
 * A setting an adapter needs, declared as data so the settings page and its validation are
 * generated from it rather than written once per provider.
 */
export interface SettingField {
  key: string;
  label: { fr: string; en: string };
  help?: { fr: string; en: string };
  secret: boolean;
  /**
   * 'shop': a shop may have its own value (sender, admin phone, prices, window), read with the
   * every-shop value as fallback; 'shared' (the default): one value for every shop (credentials,
   * batch size), changed only with a token that covers every shop.
   */
  scope?: 'shop' | 'shared';
  /** how the page asks for it: a text field (default) or a yes/no switch stored as '1' / '0' */
  input?: 'text' | 'boolean';
  /** the value in force while the setting is unset, shown by the settings page */
  fallback?: string;
  /** validates and may normalise the submitted string; custom issues carry params.fr / params.en */
  schema: z.ZodType<string>;
}

export interface SmsProvider {
  readonly name: 'sandbox' | 'isendpro';
  /** settings this adapter reads (credentials first); empty for the sandbox */
  readonly fields: SettingField[];
  /** true when the adapter has what it needs to call the provider (no network call) */
  configured(): Promise<boolean>;
  /** one result per message, in input order; never throws for a provider or network failure */
  send(messages: OutgoingSms[], options?: SendOptions): Promise<MessageResult[]>;
  count(message: { to: string; text: string }, options?: SendOptions): Promise<SmsCount>;
  credit(): Promise<Credit>;
  createDirectory(name: string): Promise<string>;
  addToDirectory(directoryId: string, contacts: DirectoryContact[]): Promise<ContactResult[]>;
  /** every blacklisted number, in E.164 when it parses (as given otherwise) */
  readBlacklist(): Promise<string[]>;
  addToBlacklist(phone: string): Promise<void>;
}
