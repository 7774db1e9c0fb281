import { expect } from 'chai';
import { countSms, isGsmText, isReplaceable, replaceNonGsm, type Replacement } from '../../service/src/sms';
import { randomCorpus } from './corpus';

/** Rebuilds the new text from the original and the replacement list: nothing may change unlisted. */
function applyList(original: string, replacements: Replacement[]): string {
  let out = '';
  let at = 0;
  for (const r of replacements) {
    out += original.slice(at, r.index) + r.to;
    at = r.index + r.from.length;
  }
  return out + original.slice(at);
}

describe('sms replacement of non-GSM characters', () => {
  it('returns a GSM text unchanged with no replacements', () => {
    const text = 'Été à Paris: -20% sur [tout] {promo} €';
    expect(replaceNonGsm(text)).to.deep.equal({ text, replacements: [] });
  });

  it('replaces typographic quotes, dashes, ellipsis and no-break spaces, listing each with its position', () => {
    const result = replaceNonGsm('L’offre « été » — 2\u00a0jours…');
    expect(result.text).to.equal('L\'offre " été " - 2 jours...');
    expect(result.replacements).to.deep.equal([
      { index: 1, from: '’', to: "'", kind: 'quote', codePoints: 'U+2019' },
      { index: 8, from: '«', to: '"', kind: 'quote', codePoints: 'U+00AB' },
      { index: 14, from: '»', to: '"', kind: 'quote', codePoints: 'U+00BB' },
      { index: 16, from: '—', to: '-', kind: 'dash', codePoints: 'U+2014' },
      { index: 19, from: '\u00a0', to: ' ', kind: 'space', codePoints: 'U+00A0' },
      { index: 25, from: '…', to: '...', kind: 'ellipsis', codePoints: 'U+2026' },
    ]);
  });

  it('maps each French accent outside GSM to its bare letter and leaves the GSM ones alone', () => {
    const cases: Array<[string, string]> = [
      ['ç', 'c'], ['ê', 'e'], ['ë', 'e'], ['î', 'i'], ['ï', 'i'], ['ô', 'o'], ['û', 'u'], ['â', 'a'],
      ['œ', 'oe'], ['Œ', 'OE'], ['Ê', 'E'], ['È', 'E'], ['À', 'A'], ['Â', 'A'], ['Ô', 'O'], ['Û', 'U'], ['Ÿ', 'Y'],
    ];
    for (const [from, to] of cases) {
      const result = replaceNonGsm(from);
      expect(result.text, from).to.equal(to);
      expect(result.replacements[0], from).to.include({ kind: 'accent', from, to });
    }
    expect(replaceNonGsm('é è à ù É Ç ì ò ü ä ö ñ').replacements).to.deep.equal([]);
  });

  it('removes zero-width characters and says so', () => {
    const result = replaceNonGsm('a\u200bb\ufeffc\u00add');
    expect(result.text).to.equal('abcd');
    expect(result.replacements.map((r) => [r.index, r.codePoints, r.to, r.kind])).to.deep.equal([
      [1, 'U+200B', '', 'invisible'],
      [3, 'U+FEFF', '', 'invisible'],
      [5, 'U+00AD', '', 'invisible'],
    ]);
  });

  it('replaces a tab and narrow no-break space with a plain space', () => {
    expect(replaceNonGsm('a\tb\u202fc').text).to.equal('a b c');
  });

  it('composes a letter typed with a combining accent into the GSM letter when one exists', () => {
    const result = replaceNonGsm('cafe\u0301 garc\u0327on');
    expect(result.text).to.equal('café garcon');
    expect(result.replacements).to.deep.equal([
      { index: 3, from: 'e\u0301', to: 'é', kind: 'accent', codePoints: 'U+0065 U+0301' },
      { index: 9, from: 'c\u0327', to: 'c', kind: 'accent', codePoints: 'U+0063 U+0327' },
    ]);
  });

  it('falls back to the bare letter for other Latin accents', () => {
    expect(replaceNonGsm('São Tomé, Łódź, Ángel').text).to.equal('Sao Tomé, Łodz, Angel');
  });

  it('leaves emoji and other scripts in place, including the joiners of an emoji sequence', () => {
    const family = '👨\u200d👩\u200d👧';
    const result = replaceNonGsm(`Merci ${family} 😀 Привет`);
    expect(result.text).to.equal(`Merci ${family} 😀 Привет`);
    expect(result.replacements).to.deep.equal([]);
    expect(isReplaceable('😀')).to.equal(false);
    expect(isReplaceable('ç')).to.equal(true);
  });

  it('turns a typical French marketing text into GSM and lists every change', () => {
    const result = replaceNonGsm('Bientôt Noël ! Profitez-en dès aujourd’hui : –20 % sur les bûches… À très vite');
    expect(isGsmText(result.text)).to.equal(true);
    expect(result.text).to.equal("Bientot Noel ! Profitez-en dès aujourd'hui : -20 % sur les buches... A très vite");
    expect(result.replacements.map((r) => r.from).join('')).to.equal('ôë’–û…À');
    expect(countSms(result.text).encoding).to.equal('GSM');
  });

  it('never changes text outside the listed replacements (2000 random texts)', () => {
    for (const text of randomCorpus(99, 2000, true)) {
      const result = replaceNonGsm(text);
      expect(applyList(text, result.replacements)).to.equal(result.text);
      for (const r of result.replacements) expect(text.slice(r.index, r.index + r.from.length)).to.equal(r.from);
    }
  });
});
