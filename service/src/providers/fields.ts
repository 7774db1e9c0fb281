import { z } from 'zod';
import type { Lang } from '../errors';
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

export const generalFields: SettingField[] = [
  {
    key: 'default_sender',
    label: { fr: 'Émetteur par défaut', en: 'Default sender' },
    help: {
      fr: "4 à 11 caractères : lettres sans accent, chiffres et espaces, pas uniquement des chiffres.",
      en: '4 to 11 characters: unaccented letters, digits and spaces, not digits only.',
    },
    secret: false,
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
    schema: checkedString(adminPhoneProblems, adminPhoneE164),
  },
];
