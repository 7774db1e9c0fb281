import { Router } from 'express';
import type { AppContext, RouteSet } from '../http';
import { requestLang } from '../http';
import { checkCredentials, CredentialCheck } from './check';
import { createProvider, settingFields } from './index';
import { parseSettingsInput, readSettingsPage, saveSettings, SettingsSection, touchedSections, verifySections } from './settings-page';
import type { SmsProvider } from './types';

/**
 * The settings page's API, behind the admin token:
 *   GET  /api/settings        fields with their values (secrets masked)
 *   PUT  /api/settings        save some fields; a new keyid is tested at once (seed 4.1)
 *   POST /api/settings/check  test the credentials in use
 * Check messages come in the caller's language (?lang=fr or Accept-Language). `sections` are the
 * settings of other capabilities (the Telegram bot's), shown and saved on the same page.
 */
export function providerRoutes(ctx: AppContext, sections: SettingsSection[] = []): RouteSet {
  const provider = createProvider(ctx.config, ctx.db);
  const fields = [...settingFields, ...sections.flatMap((s) => s.fields)];
  const admin = Router();

  admin.get('/settings', async (_req, res) => {
    res.json(await readSettingsPage(ctx.db, ctx.config, fields, provider));
  });

  admin.put('/settings', async (req, res) => {
    const lang = requestLang(req);
    const values = parseSettingsInput(fields, req.body, lang);
    const touched = touchedSections(sections, values);
    await verifySections(touched, values, lang);
    await saveSettings(ctx.db, fields, values);
    ctx.log.info({ settings: Object.keys(values), employee: req.admin?.employee }, 'settings saved');
    for (const section of touched) await section.saved?.(values);
    const keyid = values.isendpro_keyid;
    // Test the keyid just entered, even when an environment variable overrides it in use.
    const check = keyid ? await runCheck(ctx, createProvider(ctx.config, ctx.db, { keyid })) : null;
    const page = await readSettingsPage(ctx.db, ctx.config, fields, provider);
    res.json({ ...page, check: check && present(check, lang) });
  });

  admin.post('/settings/check', async (req, res) => {
    res.json({ check: present(await runCheck(ctx, provider), requestLang(req)) });
  });

  return { admin };
}

async function runCheck(ctx: AppContext, provider: SmsProvider): Promise<CredentialCheck> {
  const check = await checkCredentials(provider);
  ctx.log.info({ provider: provider.name, status: check.status, providerCode: check.providerCode }, 'provider credentials checked');
  return check;
}

function present(check: CredentialCheck, lang: 'fr' | 'en') {
  return { ...check, message: check.message[lang] };
}
