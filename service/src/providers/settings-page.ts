import type { Config } from '../config';
import type { ShopDb } from '../db';
import { ShopcastError, type ErrorIssue, type Lang } from '../errors';
import { maskSecret, readSetting, writeSetting } from '../settings';
import { issueText } from './fields';
import type { SettingField } from './types';

/**
 * The settings page (seed 4): generated from the declared fields. Values are read and written
 * through the settings store; secrets are stored flagged and only ever leave masked.
 */
export interface SettingsPageField {
  key: string;
  label: { fr: string; en: string };
  help: { fr: string; en: string } | null;
  secret: boolean;
  /** 'shop': this shop may have its own value; 'shared': one value for every shop */
  scope: 'shop' | 'shared';
  input: 'text' | 'boolean';
  /** the value in use, masked for secrets; null when unset */
  value: string | null;
  /** where the value in use comes from: an environment variable overrides the stored one */
  source: 'environment' | 'stored' | null;
  /** true when a shop is shown and the value is the every-shop one (the shop has none of its own) */
  inherited: boolean;
  /** the value in force while the setting is unset (null when there is none) */
  fallback: string | null;
}

export interface SettingsPage {
  /** the shop whose values are shown (0: the every-shop values) */
  id_shop: number;
  provider: { name: string; configured: boolean };
  fields: SettingsPageField[];
}

/** Values to store: a string sets the setting, null clears it; absent keys are left alone. */
export type SettingsInput = Record<string, string | null>;

/**
 * Settings another capability adds to the page (the Telegram bot's), with what its fields'
 * schemas cannot check alone: a call to a remote API or a rule across fields, run before
 * anything is stored, and what to do once the values are stored.
 */
export interface SettingsSection {
  fields: SettingField[];
  /** problems with the submitted values of this section, in FR and EN; [] when they may be stored */
  verify?(values: SettingsInput): Promise<Array<{ path: string; message: { fr: string; en: string } }>>;
  /** runs after a save that touched one of this section's fields; never throws */
  saved?(values: SettingsInput): Promise<void>;
}

/** The sections a submission touches: those owning one of its keys. */
export function touchedSections(sections: SettingsSection[], values: SettingsInput): SettingsSection[] {
  return sections.filter((s) => s.fields.some((f) => f.key in values));
}

/** Runs the sections' own checks; throws invalid_input in `lang` when one refuses, so nothing is stored. */
export async function verifySections(sections: SettingsSection[], values: SettingsInput, lang: Lang): Promise<void> {
  const issues: ErrorIssue[] = [];
  for (const section of sections) {
    for (const problem of (await section.verify?.(values)) ?? []) issues.push({ path: problem.path, message: problem.message[lang] });
  }
  if (issues.length > 0) {
    throw new ShopcastError('invalid_input', `invalid settings: ${[...new Set(issues.map((i) => i.path))].join(', ')}`, {}, issues);
  }
}

/** Environment variables that override a stored setting. */
function environmentValue(config: Config, key: string): string | undefined {
  return key === 'isendpro_keyid' ? config.isendproKeyid : undefined;
}

/** The shop a field's value is kept for when `idShop` is asked: shared fields always live in shop 0. */
export function storageShop(field: SettingField, idShop: number): number {
  return field.scope === 'shop' ? idShop : 0;
}

/** The page as shop `idShop` sees it: its own values where it has some, the every-shop ones otherwise. */
export async function readSettingsPage(
  db: ShopDb,
  config: Config,
  fields: SettingField[],
  provider: { name: string; configured: () => Promise<boolean> },
  idShop = 0,
): Promise<SettingsPage> {
  const page: SettingsPage = { id_shop: idShop, provider: { name: provider.name, configured: await provider.configured() }, fields: [] };
  for (const field of fields) {
    const fromEnv = environmentValue(config, field.key);
    const shop = storageShop(field, idShop);
    const value = fromEnv ?? (await readSetting(db, field.key, shop));
    const own = shop === 0 || fromEnv !== undefined ? value : await readOwnSetting(db, field.key, shop);
    page.fields.push({
      key: field.key,
      label: field.label,
      help: field.help ?? null,
      secret: field.secret,
      scope: field.scope ?? 'shared',
      input: field.input ?? 'text',
      value: field.secret ? maskSecret(value) : value,
      source: fromEnv !== undefined ? 'environment' : value !== null ? 'stored' : null,
      inherited: value !== null && own === null,
      fallback: field.fallback ?? null,
    });
  }
  return page;
}

async function readOwnSetting(db: ShopDb, name: string, idShop: number): Promise<string | null> {
  const row = await db.knex(db.ownTable('setting')).where({ id_shop: idShop, name }).first('value');
  return row?.value ?? null;
}

/**
 * Validates a whole submission before anything is written, so bad input changes nothing. Unknown
 * keys are refused rather than ignored: a typo must not look saved. Issues are in `lang`.
 */
export function parseSettingsInput(fields: SettingField[], body: unknown, lang: Lang): SettingsInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ShopcastError('invalid_input', 'expected a JSON object of settings', {}, [{ path: '', message: lang === 'fr' ? 'Objet JSON attendu.' : 'A JSON object is expected.' }]);
  }
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const values: SettingsInput = {};
  const issues: ErrorIssue[] = [];
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    const field = byKey.get(key);
    if (!field) {
      issues.push({ path: key, message: lang === 'fr' ? 'Réglage inconnu.' : 'Unknown setting.' });
    } else if (raw === null || raw === '') {
      values[key] = null;
    } else if (field.input === 'boolean' && typeof raw === 'boolean') {
      values[key] = raw ? '1' : '0';
    } else {
      const parsed = field.schema.safeParse(raw);
      if (parsed.success) values[key] = parsed.data;
      else issues.push(...parsed.error.issues.map((i) => ({ path: key, message: issueText(i as Parameters<typeof issueText>[0], lang) })));
    }
  }
  if (issues.length > 0) {
    throw new ShopcastError('invalid_input', `invalid settings: ${[...new Set(issues.map((i) => i.path))].join(', ')}`, {}, issues);
  }
  return values;
}

/**
 * Stores validated values for shop `idShop` (shared fields always for every shop); secret fields
 * are flagged so listings mask them. Clearing a shop's own value deletes its row, so the every-shop
 * value applies to it again (a stored NULL would hide it).
 */
export async function saveSettings(db: ShopDb, fields: SettingField[], values: SettingsInput, idShop = 0): Promise<void> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(values)) {
    const field = byKey.get(key);
    const shop = field ? storageShop(field, idShop) : 0;
    if (shop !== 0 && value === null) await db.knex(db.ownTable('setting')).where({ id_shop: shop, name: key }).delete();
    else await writeSetting(db, key, value, { idShop: shop, secret: field?.secret ?? false });
  }
}
