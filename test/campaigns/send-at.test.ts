import { expect } from 'chai';
import { parseSendAt } from '../../service/src/campaigns/send-at';
import { ShopcastError } from '../../service/src/errors';

function refusal(value: unknown, zone = 'Europe/Paris'): ShopcastError {
  try {
    parseSendAt(value, zone);
  } catch (err) {
    if (err instanceof ShopcastError) return err;
    throw err;
  }
  throw new Error(`${String(value)} was accepted`);
}

describe('campaign send-at time', () => {
  it('reads a wall-clock time without offset on the shop’s clock, winter and summer', () => {
    expect(parseSendAt('2026-12-01T10:00', 'Europe/Paris').toISOString()).to.equal('2026-12-01T09:00:00.000Z');
    expect(parseSendAt('2026-07-01 10:00:30', 'Europe/Paris').toISOString()).to.equal('2026-07-01T08:00:30.000Z');
    expect(parseSendAt('2026-12-01T10:00:00', 'America/Montreal').toISOString()).to.equal('2026-12-01T15:00:00.000Z');
  });

  it('keeps accepting an explicit offset or Z, whatever the shop’s zone', () => {
    expect(parseSendAt('2026-12-01T10:00:00+01:00', 'America/Montreal').toISOString()).to.equal('2026-12-01T09:00:00.000Z');
    expect(parseSendAt('2026-12-01T10:00:00Z', 'Europe/Paris').toISOString()).to.equal('2026-12-01T10:00:00.000Z');
    expect(parseSendAt('2026-12-01T10:00:00.500-0500', 'Europe/Paris').toISOString()).to.equal('2026-12-01T15:00:00.500Z');
  });

  it('refuses a time the clocks skip, in French and English', () => {
    const err = refusal('2026-03-29T02:30');
    expect(err.code).to.equal('invalid_input');
    expect(err.issues[0]).to.deep.include({ path: 'at' });
    expect(err.issues[0].messages).to.deep.equal({
      en: '2026-03-29T02:30 does not exist in Europe/Paris (the clocks go forward); choose another time',
      fr: "2026-03-29T02:30 n'existe pas en Europe/Paris (changement d'heure) ; choisissez une autre heure",
    });
  });

  it('refuses what is not a date and time, naming the shop’s zone in the example', () => {
    for (const bad of ['tomorrow', '2026-02-30T10:00', '2026-12-01', '2026-12-01T25:00', 12, undefined]) {
      const err = refusal(bad);
      expect(err.code, String(bad)).to.equal('invalid_input');
      expect(err.issues[0].messages!.en).to.include('(shop time, Europe/Paris)');
      expect(err.issues[0].messages!.fr).to.include('(heure de la boutique, Europe/Paris)');
    }
  });
});
