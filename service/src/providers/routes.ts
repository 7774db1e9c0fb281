import { Request, Router } from 'express';
import { assertAllShops, assertShopAllowed, defaultShop } from '../auth';
import { ShopcastError } from '../errors';
import type { AppContext, RouteSet } from '../http';
import { requestLang } from '../http';
import { checkCredentials, CredentialCheck } from './check';
import { createIsendpro, createProvider } from './create';
import { settingFields } from './index';
import { importOptOutsNow } from './opt-out';
import {
  parseSettingsInput,
  readSettingsPage,
  saveSettings,
  SettingsInput,
  SettingsSection,
  storageShop,
  touchedSections,
  verifySections,
} from './settings-page';
import type { SettingField, SmsProvider } from './types';

/**
 * The settings page's API, behind the admin token:
 *   GET  /api/settings[?id_shop=N]  fields with their values as shop N sees them (secrets masked)
 *   PUT  /api/settings[?id_shop=N]  save some fields; a new keyid is tested at once (seed 4.1)
 *   POST /api/settings/check        test the credentials in use
 *   POST /api/optouts/import        copy the provider's blacklist into the opt-out table now
 * Shop scope: per-shop fields (sender, admin phone, prices, window) are saved for id_shop, by
 * default the token's only shop (0, every shop, for a token covering all); shared fields
 * (credentials, batch size, the Telegram bot's) only with a token covering every shop. Check
 * messages come in the caller's language (?lang=fr or Accept-Language). `sections` are the
 * settings of other capabilities (the Telegram bot's), shown and saved on the same page.
 */
export function providerRoutes(ctx: AppContext, sections: SettingsSection[] = []): RouteSet {
  const provider = createProvider(ctx.config, ctx.db);
  const fields = [...settingFields, ...sections.flatMap((s) => s.fields)];
  const admin = Router();

  admin.get('/settings', async (req, res) => {
    const idShop = requestedShop(req);
    if (idShop !== 0) assertShopAllowed(req, idShop);
    res.json(await readSettingsPage(ctx.db, ctx.config, fields, provider, idShop));
  });

  admin.put('/settings', async (req, res) => {
    const lang = requestLang(req);
    const idShop = requestedShop(req);
    const values = parseSettingsInput(fields, req.body, lang);
    assertMayWrite(req, fields, values, idShop);
    const touched = touchedSections(sections, values);
    await verifySections(touched, values, lang);
    await saveSettings(ctx.db, fields, values, idShop);
    ctx.log.info({ settings: Object.keys(values), id_shop: idShop, employee: req.admin?.employee }, 'settings saved');
    for (const section of touched) await section.saved?.(values);
    const keyid = values.isendpro_keyid;
    // The keyid just entered is tested against iSendPro itself, even while the sandbox sends or
    // an environment variable overrides the keyid in use.
    const check = keyid ? await runCheck(ctx, createIsendpro(ctx.config, ctx.db, { keyid })) : null;
    const page = await readSettingsPage(ctx.db, ctx.config, fields, provider, idShop);
    res.json({ ...page, check: check && present(check, lang) });
  });

  admin.post('/settings/check', async (req, res) => {
    res.json({ check: present(await runCheck(ctx, provider), requestLang(req)) });
  });

  admin.post('/optouts/import', async (req, res) => {
    // The opt-out list serves every shop and the call uses the shared keyid.
    assertAllShops(req);
    const result = await importOptOutsNow(ctx.db, provider, `http-employee-${req.admin?.employee ?? 0}`);
    ctx.log.info({ provider: provider.name, ...result, employee: req.admin?.employee }, 'opt-out list imported');
    res.json({ provider: provider.name, ...result });
  });

  return { admin };
}

/** ?id_shop=N, else the token's only shop, else 0 (every shop). */
function requestedShop(req: Request): number {
  const raw = req.query.id_shop;
  if (raw === undefined) return defaultShop(req);
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) {
    throw new ShopcastError('invalid_input', { en: 'id_shop: a shop id (0 for every shop)', fr: 'id_shop : un identifiant de boutique (0 pour toutes)' }, { id_shop: raw });
  }
  return Number(raw);
}

/** Refuses the whole submission, before anything is stored, when one value is out of the token's reach. */
function assertMayWrite(req: Request, fields: SettingField[], values: SettingsInput, idShop: number): void {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    const shop = storageShop(byKey.get(key)!, idShop);
    if (shop === 0) assertAllShops(req);
    else assertShopAllowed(req, shop);
  }
}

async function runCheck(ctx: AppContext, provider: SmsProvider): Promise<CredentialCheck> {
  const check = await checkCredentials(provider);
  ctx.log.info({ provider: provider.name, status: check.status, providerCode: check.providerCode }, 'provider credentials checked');
  return check;
}

function present(check: CredentialCheck, lang: 'fr' | 'en') {
  return { ...check, message: check.message[lang] };
}
