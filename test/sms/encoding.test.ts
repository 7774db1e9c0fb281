import { expect } from 'chai';
import { countSms, GSM_BASIC_CHARS, GSM_EXTENSION_CHARS, isGsmChar, isGsmText } from '../../service/src/sms';

const a = (n: number): string => 'a'.repeat(n);

describe('sms encoding: GSM 03.38 alphabet', () => {
  it('lists the 128 positions of the default alphabet with the escape at 0x1B', () => {
    expect(Array.from(GSM_BASIC_CHARS)).to.have.length(128);
    expect(GSM_BASIC_CHARS.charCodeAt(0x1b)).to.equal(0x1b);
    expect(isGsmChar('\u001b')).to.equal(false);
  });

  it('counts every default-alphabet character as one septet and every extension character as two', () => {
    for (const ch of GSM_BASIC_CHARS.replace('\u001b', '')) expect(countSms(ch), ch).to.include({ encoding: 'GSM', length: 1 });
    for (const ch of GSM_EXTENSION_CHARS) expect(countSms(ch), ch).to.include({ encoding: 'GSM', length: 2 });
  });

  it('treats the characters the reference lists as non-GSM as forcing UCS-2', () => {
    const outside = 'çêëîïôûâœÊ’‘“”«»…–—\u00a0\u202f`\t';
    for (const ch of outside) expect(isGsmChar(ch), `U+${ch.charCodeAt(0).toString(16)}`).to.equal(false);
    expect(isGsmText('éèùìòÇØøÅåÄÖÑÜäöñüàÉ§¿¡£¥¤ΔΦΓΛΩΠΨΣΘΞ€[]{}')).to.equal(true);
  });

  it('keeps capital Ç in GSM but sends small ç in UCS-2, naming it and its position', () => {
    expect(countSms('Ça va')).to.include({ encoding: 'GSM', length: 5 });
    const count = countSms('Garçon');
    expect(count).to.include({ encoding: 'UCS2', length: 6, parts: 1, remaining: 64 });
    expect(count.nonGsm).to.deep.equal([{ char: 'ç', index: 3 }]);
  });

  it('counts form feed as an extension character (2 septets)', () => {
    expect(countSms('a\fb')).to.include({ encoding: 'GSM', length: 4, remaining: 156 });
  });

  it('counts CR LF as two septets', () => {
    expect(countSms('a\r\nb')).to.include({ encoding: 'GSM', length: 4 });
  });
});

describe('sms encoding: GSM part boundaries', () => {
  it('counts the empty text as one part with all 160 septets left', () => {
    expect(countSms('')).to.deep.equal({ encoding: 'GSM', parts: 1, length: 0, remaining: 160, perPart: 160, reserved: 0, nonGsm: [] });
  });

  it('fits 160 septets in one SMS and needs two parts for 161', () => {
    expect(countSms(a(160))).to.include({ parts: 1, remaining: 0, perPart: 160 });
    expect(countSms(a(161))).to.include({ parts: 2, length: 161, remaining: 145, perPart: 153 });
  });

  it('fills parts of 153 septets: 306 in two parts, 307 in three', () => {
    expect(countSms(a(306))).to.include({ parts: 2, remaining: 0 });
    expect(countSms(a(307))).to.include({ parts: 3, remaining: 152 });
  });

  it('moves an extension character that would straddle septet 153 to the next part', () => {
    // 152 + 2 > 153: the escape pair starts part 2, so part 1 holds only 152 septets.
    expect(countSms(`${a(152)}€${a(10)}`)).to.include({ parts: 2, length: 164, remaining: 141 });
    expect(countSms(`${a(151)}€${a(10)}`)).to.include({ parts: 2, length: 163, remaining: 143 });
  });

  it('needs three parts for "]" x 153 although 306 septets would fill two', () => {
    expect(countSms(']'.repeat(153))).to.include({ parts: 3, length: 306, remaining: 151 });
  });

  it('tips a text into two parts when an extension character ends at septet 161', () => {
    expect(countSms(`${a(158)}€`)).to.include({ parts: 1, length: 160, remaining: 0 });
    expect(countSms(`${a(159)}€`)).to.include({ parts: 2, length: 161, remaining: 145 });
  });

  it('adds a reserve of one-unit characters at the end (the STOP mention)', () => {
    expect(countSms(a(148), 12)).to.include({ parts: 1, length: 160, remaining: 0, reserved: 12 });
    expect(countSms(a(149), 12)).to.include({ parts: 2, length: 161, remaining: 145, reserved: 12 });
    expect(countSms(a(300), 12)).to.include({ parts: 3, length: 312, remaining: 147 });
  });
});

describe('sms encoding: UCS-2 part boundaries', () => {
  it('fits 70 units in one SMS and parts of 67 beyond', () => {
    expect(countSms(`${a(69)}ç`)).to.include({ encoding: 'UCS2', parts: 1, remaining: 0, perPart: 70 });
    expect(countSms(`${a(70)}ç`)).to.include({ encoding: 'UCS2', parts: 2, length: 71, remaining: 63, perPart: 67 });
    expect(countSms(`${a(133)}ç`)).to.include({ parts: 2, remaining: 0 });
    expect(countSms(`${a(134)}ç`)).to.include({ parts: 3, remaining: 66 });
  });

  it('counts an emoji as two units and never splits its surrogate pair across parts', () => {
    expect(countSms(`${a(68)}😀`)).to.include({ parts: 1, length: 70, remaining: 0 });
    expect(countSms(`${a(65)}😀${a(10)}`)).to.include({ parts: 2, length: 77, remaining: 57 });
    // 66 + 2 > 67: the pair opens part 2, which then holds 2 + 5 units.
    expect(countSms(`${a(66)}😀${a(5)}`)).to.include({ parts: 2, length: 73, remaining: 60 });
    expect(countSms(`${a(66)}😀`.repeat(2))).to.include({ parts: 3, length: 136 });
  });

  it('counts extension characters as one unit once the text is UCS-2', () => {
    expect(countSms('€ç')).to.include({ encoding: 'UCS2', length: 2 });
  });

  it('reports every non-GSM character with its UTF-16 index, emoji as one entry', () => {
    expect(countSms('a😀b€ç’').nonGsm).to.deep.equal([
      { char: '😀', index: 1 },
      { char: 'ç', index: 5 },
      { char: '’', index: 6 },
    ]);
  });

  it('counts a lone surrogate as one non-GSM unit', () => {
    const count = countSms('a\ud83db');
    expect(count).to.include({ encoding: 'UCS2', length: 3, parts: 1 });
    expect(count.nonGsm).to.deep.equal([{ char: '\ud83d', index: 1 }]);
  });

  it('treats the escape code U+001B itself as non-GSM text', () => {
    expect(countSms('a\u001b').encoding).to.equal('UCS2');
  });
});
