import { expect } from 'chai';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { parseSettingsInput, readSettingsPage, saveSettings, settingFields } from '../../service/src/providers';
import { parsePrices } from '../../service/src/campaigns';
import { readSendWindow } from '../../service/src/campaigns/window';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

const issuesOf = (body: Record<string, unknown>, lang: 'fr' | 'en' = 'en'): string[] => {
  try {
    parseSettingsInput(settingFields, body, lang);
  } catch (err) {
    return (err as { issues: Array<{ path: string; message: string }> }).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
};

describe('settings page: price per part and marketing window fields', () => {
  it('accepts prices per country with a default and stores them as compact JSON', () => {
    expect(parseSettingsInput(settingFields, { sms_prices: ' {"FR": "0.045", "BE": 0.08, "default": "0.06"} ' }, 'en')).to.deep.equal({
      sms_prices: '{"FR":"0.045","BE":0.08,"default":"0.06"}',
    });
  });

  it('names each bad price, a lower-case country, a missing default and text that is not JSON, in French too', () => {
    expect(issuesOf({ sms_prices: '{"fr": "0.045", "BE": "cheap", "default": "0.06"}' })).to.deep.equal([
      'sms_prices: fr: a country code such as FR, or "default".',
      'sms_prices: BE: a price in euros such as 0.045 (at most 4 decimals).',
    ]);
    expect(issuesOf({ sms_prices: '{"FR": "0.045"}' })).to.deep.equal(['sms_prices: A "default" price is required.']);
    expect(issuesOf({ sms_prices: '[0.045]' }, 'fr')).to.deep.equal(['sms_prices: Un objet {"FR": "0.045", "default": "0.06"} est attendu.']);
    expect(issuesOf({ sms_prices: 'FR=0.045' }, 'fr')).to.deep.equal(["sms_prices: Ce n'est pas du JSON valide."]);
  });

  it('accepts a window open every day until midnight and refuses one that is not a window, field by field', () => {
    const open = JSON.stringify({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', zone: 'Europe/Paris', holidays: 'none' });
    expect(parseSettingsInput(settingFields, { send_window: open }, 'en')).to.deep.equal({ send_window: open });
    const bad = JSON.stringify({ days: [], start: '9h', end: '08:00', zone: 'Mars/Olympus', holidays: 'US' });
    expect(issuesOf({ send_window: bad })).to.deep.equal([
      'send_window: Days: choose at least one day (1 = Monday ... 7 = Sunday).',
      'send_window: Start: a time HH:MM.',
      'send_window: Unknown time zone (for example Europe/Paris).',
      'send_window: Holidays: FR or none.',
    ]);
    const backwards = JSON.stringify({ days: [1], start: '20:00', end: '08:00', zone: 'Europe/Paris', holidays: 'FR' });
    expect(issuesOf({ send_window: backwards }, 'fr')).to.deep.equal(['send_window: Fin : une heure HH:MM (24:00 au plus), après le début.']);
  });
});

describeEachDialect('settings page: JSON settings stored and read back by campaigns', (dialect) => {
  let t: TestDatabase;
  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
  });
  after(async () => t?.drop());

  it('shows the values in force while unset, and campaigns read what the page saved', async () => {
    const config = loadConfig({});
    const provider = { name: 'sandbox', configured: async () => true };
    const unset = await readSettingsPage(t.db, config, settingFields, provider);
    const field = (page: typeof unset, key: string) => page.fields.find((f) => f.key === key)!;
    expect(field(unset, 'sms_prices')).to.deep.include({ value: null, fallback: '{"FR":"0.0450","default":"0.0600"}' });
    expect(JSON.parse(field(unset, 'send_window').fallback!)).to.deep.include({ start: '08:00', end: '20:00', holidays: 'FR' });
    expect(field(unset, 'isendpro_batch_size').fallback).to.equal('500');

    const values = parseSettingsInput(settingFields, {
      sms_prices: '{"FR":"0.05","default":"0.07"}',
      send_window: '{"days":[1,2,3,4,5],"start":"09:00","end":"18:30","zone":"Europe/Brussels","holidays":"none"}',
    }, 'en');
    await saveSettings(t.db, settingFields, values);
    expect(parsePrices(field(await readSettingsPage(t.db, config, settingFields, provider), 'sms_prices').value).get('FR')).to.equal(500n);
    expect(await readSendWindow(t.db, 1)).to.deep.equal({ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:30', zone: 'Europe/Brussels', holidays: 'none' });
  });
});
