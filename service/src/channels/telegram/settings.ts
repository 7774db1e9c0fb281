import { Api } from 'grammy';
import type { ShopDb } from '../../db';
import { Bilingual, checkedString, SettingField, SettingsInput, SettingsSection } from '../../providers';
import { readSetting } from '../../settings';
import { classifyApiError } from './api-errors';

/** The settings the bot reads (id_shop 0: one bot serves every shop). */
export const TELEGRAM_SETTING = {
  token: 'telegram_bot_token',
  mode: 'telegram_mode',
  publicUrl: 'telegram_public_url',
  /** generated on the first webhook start, never shown: Telegram echoes it in a header */
  webhookSecret: 'telegram_webhook_secret',
} as const;

export type TelegramMode = 'polling' | 'webhook';

function tokenProblems(value: string): Bilingual[] {
  if (/^\d{3,20}:[A-Za-z0-9_-]{30,100}$/.test(value)) return [];
  return [{
    fr: "Ce n'est pas un jeton de bot Telegram : @BotFather donne un jeton de la forme 123456789:AAH...",
    en: 'This is not a Telegram bot token: @BotFather gives a token such as 123456789:AAH...',
  }];
}

function modeProblems(value: string): Bilingual[] {
  return value === 'polling' || value === 'webhook' ? [] : [{ fr: 'Mode attendu : polling ou webhook.', en: 'Expected mode: polling or webhook.' }];
}

/** Telegram only calls HTTPS webhooks. */
function publicUrlProblems(value: string): Bilingual[] {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url && url.protocol === 'https:' && !url.search && !url.hash) return [];
  return [{
    fr: 'Adresse publique HTTPS du service attendue, par exemple https://shop.example.com/shopcast.',
    en: "The service's public HTTPS address is expected, for example https://shop.example.com/shopcast.",
  }];
}

export const telegramFields: SettingField[] = [
  {
    key: TELEGRAM_SETTING.token,
    label: { fr: 'Jeton du bot Telegram', en: 'Telegram bot token' },
    help: {
      fr: 'Donné par @BotFather (/newbot). Vérifié auprès de Telegram à l’enregistrement, puis masqué.',
      en: 'Given by @BotFather (/newbot). Checked with Telegram when saved, then masked.',
    },
    secret: true,
    schema: checkedString(tokenProblems),
  },
  {
    key: TELEGRAM_SETTING.mode,
    label: { fr: 'Réception des messages du bot', en: 'How the bot receives messages' },
    help: {
      fr: 'polling (par défaut) : le service interroge Telegram, aucune adresse publique nécessaire. webhook : Telegram appelle le service à son adresse publique HTTPS.',
      en: 'polling (default): the service asks Telegram, no public address needed. webhook: Telegram calls the service at its public HTTPS address.',
    },
    secret: false,
    schema: checkedString(modeProblems),
  },
  {
    key: TELEGRAM_SETTING.publicUrl,
    label: { fr: 'Adresse publique du service (webhook)', en: "Service's public address (webhook)" },
    help: {
      fr: 'HTTPS, telle que Telegram la joint ; le webhook est {adresse}/api/telegram/webhook.',
      en: 'HTTPS, as Telegram reaches it; the webhook is {address}/api/telegram/webhook.',
    },
    secret: false,
    schema: checkedString(publicUrlProblems, (v) => v.replace(/\/+$/, '')),
  },
];

/** getMe with the submitted token: null when Telegram knows the bot, else why not. */
export async function checkToken(token: string, apiRoot?: string): Promise<Bilingual | null> {
  try {
    await new Api(token, { apiRoot, timeoutSeconds: 10 }).getMe();
    return null;
  } catch (err) {
    const failure = classifyApiError(err);
    if (failure.kind === 'bad_token') {
      return { fr: 'Telegram refuse ce jeton : vérifiez-le auprès de @BotFather.', en: 'Telegram refused this token: check it with @BotFather.' };
    }
    return {
      fr: `Telegram n'a pas pu vérifier ce jeton (${failure.description}). Réessayez plus tard.`,
      en: `Telegram could not check this token (${failure.description}). Try again later.`,
    };
  }
}

/** The value in force once `values` are saved: the submitted one when given, the stored one otherwise. */
async function effective(db: ShopDb, values: SettingsInput, key: string): Promise<string | null> {
  return key in values ? values[key] : readSetting(db, key);
}

/**
 * The Telegram part of the settings page: a new token is tried with getMe before it is stored
 * (a typo must not look saved), webhook mode needs the public address, and a save restarts the
 * bot with what was stored, in the background.
 */
export function telegramSettingsSection(db: ShopDb, restart: () => Promise<void>, apiRoot?: string): SettingsSection {
  return {
    fields: telegramFields,
    async verify(values) {
      const problems: Array<{ path: string; message: Bilingual }> = [];
      const token = values[TELEGRAM_SETTING.token];
      const refused = token ? await checkToken(token, apiRoot) : null;
      if (refused) problems.push({ path: TELEGRAM_SETTING.token, message: refused });
      if ((await effective(db, values, TELEGRAM_SETTING.mode)) === 'webhook' && !(await effective(db, values, TELEGRAM_SETTING.publicUrl))) {
        problems.push({
          path: TELEGRAM_SETTING.publicUrl,
          message: { fr: "Le mode webhook demande l'adresse publique HTTPS du service.", en: "Webhook mode needs the service's public HTTPS address." },
        });
      }
      return problems;
    },
    // Not awaited: the bot's start may wait on Telegram, the save must not (GET /api/telegram/status follows it).
    saved: async () => {
      void restart();
    },
  };
}
