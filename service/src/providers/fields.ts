import { z } from 'zod';
// pricing.ts directly rather than campaigns/index.ts: the campaigns face loads the runner, which
// loads this capability, and the field list is built at load time.
import { DEFAULT_PRICES, pricesSchema } from '../campaigns/pricing';
import type { Lang } from '../errors';
import { DEFAULT_SEND_WINDOW, sendWindowSchema } from '../scheduler';
import { describePhoneRejection, normalizePhone, validateSender } from '../sms';
import type { SettingField } from './types';

/**
 * Helpers to declare setting fields, and the fields every provider shares (seed 4.2 and 4.3).
 * A field's schema reports failures as custom issues whose params carry the FR and EN sentence,
 * so the HTTP edge answers in the caller's language without a second catalogue.
 */
export interface Bilingual {
  fr: string;
  en: string;
}

/** A trimmed string checked by `check` (every failure listed), then optionally normalised. */
export function checkedString(check: (value: string) => Bilingual[], normalise: (value: string) => string = (v) => v): z.ZodType<string> {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      for (const problem of check(value)) ctx.addIssue({ code: 'custom', message: problem.en, params: { fr: problem.fr, en: problem.en } });
    })
    .transform(normalise);
}

/** The issue's sentence in `lang` when the field gave one, zod's own English otherwise. */
export function issueText(issue: { message: string; params?: Record<string, unknown> }, lang: Lang): string {
  const translated = issue.params?.[lang];
  return typeof translated === 'string' ? translated : issue.message;
}

/** A yes/no setting, stored as '1' or '0' (what notifications/dispatch.ts reads). */
const booleanSetting: z.ZodType<string> = checkedString(
  (v) => (/^(1|0|true|false)$/i.test(v) ? [] : [{ fr: 'Oui (1) ou non (0).', en: 'Yes (1) or no (0).' }]),
  (v) => (/^(1|true)$/i.test(v) ? '1' : '0'),
);

function senderProblems(value: string): Bilingual[] {
  return validateSender(value).map((e) => ({ fr: e.fr, en: e.en }));
}

function adminPhoneProblems(value: string): Bilingual[] {
  const parsed = normalizePhone(value, 'FR');
  if (!parsed.valid) return [{ fr: describePhoneRejection(parsed.reason, 'fr'), en: describePhoneRejection(parsed.reason, 'en') }];
  if (!parsed.mobile) {
    return [{ fr: "Ce numéro n'est pas un mobile : il ne peut pas recevoir de SMS.", en: 'This number is not a mobile: it cannot receive SMS.' }];
  }
  return [];
}

/** Stored in E.164 so the notification sender needs no country to use it. */
function adminPhoneE164(value: string): string {
  const parsed = normalizePhone(value, 'FR');
  return parsed.valid ? parsed.e164 : value;
}

/** A JSON setting: the text must parse, then `check` lists what is wrong with the value. */
function jsonProblems(check: (value: unknown) => Bilingual[]): (text: string) => Bilingual[] {
  return (text) => {
    try {
      return check(JSON.parse(text));
    } catch {
      return [{ fr: "Ce n'est pas du JSON valide.", en: 'This is not valid JSON.' }];
    }
  };
}

/** Re-serialised compactly, so what is stored is what was validated. */
function compactJson(text: string): string {
  return JSON.stringify(JSON.parse(text));
}

function priceProblems(value: unknown): Bilingual[] {
  const parsed = pricesSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const key = issue.path[0];
    if (issue.code === 'invalid_key') return { fr: `${String(key)} : un code pays comme FR, ou "default".`, en: `${String(key)}: a country code such as FR, or "default".` };
    if (key === undefined && issue.code === 'custom') return { fr: 'Un prix "default" est obligatoire.', en: 'A "default" price is required.' };
    if (key === undefined) return { fr: 'Un objet {"FR": "0.045", "default": "0.06"} est attendu.', en: 'An object such as {"FR": "0.045", "default": "0.06"} is expected.' };
    return { fr: `${String(key)} : un prix en euros comme 0.045 (4 décimales au plus).`, en: `${String(key)}: a price in euros such as 0.045 (at most 4 decimals).` };
  });
}

const WINDOW_PROBLEMS: Record<string, Bilingual> = {
  days: { fr: 'Jours : choisissez au moins un jour (1 = lundi ... 7 = dimanche).', en: 'Days: choose at least one day (1 = Monday ... 7 = Sunday).' },
  start: { fr: 'Début : une heure HH:MM.', en: 'Start: a time HH:MM.' },
  end: { fr: 'Fin : une heure HH:MM (24:00 au plus), après le début.', en: 'End: a time HH:MM (24:00 at most), after the start.' },
  zone: { fr: 'Fuseau horaire inconnu (par exemple Europe/Paris).', en: 'Unknown time zone (for example Europe/Paris).' },
  holidays: { fr: 'Jours fériés : FR ou none.', en: 'Holidays: FR or none.' },
};

function windowProblems(value: unknown): Bilingual[] {
  const parsed = sendWindowSchema.safeParse(value);
  if (parsed.success) return [];
  const fallback = { fr: 'Un objet {"days", "start", "end", "zone", "holidays"} est attendu.', en: 'An object {"days", "start", "end", "zone", "holidays"} is expected.' };
  const problems = parsed.error.issues.map((issue) => WINDOW_PROBLEMS[String(issue.path[0])] ?? fallback);
  return [...new Set(problems)];
}

export const generalFields: SettingField[] = [
  {
    key: 'default_sender',
    label: { fr: 'Émetteur par défaut', en: 'Default sender' },
    help: {
      fr: "4 à 11 caractères : lettres sans accent, chiffres et espaces, pas uniquement des chiffres.",
      en: '4 to 11 characters: unaccented letters, digits and spaces, not digits only.',
    },
    secret: false,
    scope: 'shop',
    schema: checkedString(senderProblems),
  },
  {
    key: 'admin_phone',
    label: { fr: "Téléphone mobile de l'administrateur", en: "Administrator's mobile phone" },
    help: {
      fr: 'Destinataire des SMS de notification aux administrateurs.',
      en: 'Receives the notification SMS meant for administrators.',
    },
    secret: false,
    scope: 'shop',
    schema: checkedString(adminPhoneProblems, adminPhoneE164),
  },
  {
    key: 'sms_prices',
    label: { fr: 'Prix par partie de SMS', en: 'Price per SMS part' },
    help: {
      fr: 'En euros, par pays de destination, avec un prix "default" pour les autres pays. Sert aux estimations et aux coûts des campagnes.',
      en: 'In euros, per destination country, with a "default" price for other countries. Used for campaign estimates and costs.',
    },
    secret: false,
    scope: 'shop',
    fallback: JSON.stringify(DEFAULT_PRICES),
    schema: checkedString(jsonProblems(priceProblems), compactJson),
  },
  {
    key: 'send_window',
    label: { fr: 'Plage d\'envoi du marketing', en: 'Marketing sending window' },
    help: {
      fr: 'Jours et heures où les SMS marketing peuvent partir (par défaut du lundi au samedi, 8 h - 20 h, hors jours fériés).',
      en: 'Days and hours when marketing SMS may go out (by default Monday to Saturday, 08:00-20:00, not on public holidays).',
    },
    secret: false,
    scope: 'shop',
    fallback: JSON.stringify(DEFAULT_SEND_WINDOW),
    schema: checkedString(jsonProblems(windowProblems), compactJson),
  },
  {
    key: 'nostop_allowed',
    label: { fr: 'Notifications sans mention STOP', en: 'Notifications without the STOP mention' },
    help: {
      fr: "Les notifications transactionnelles partent sans la mention STOP quand votre compte iSendPro l'autorise (restriction levée par iSendPro). Jamais pour le marketing.",
      en: 'Transactional notifications go without the STOP mention when your iSendPro account allows it (restriction lifted by iSendPro). Never for marketing.',
    },
    secret: false,
    input: 'boolean',
    fallback: '0',
    schema: booleanSetting,
  },
];
