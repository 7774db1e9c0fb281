import { expect } from 'chai';
import { ShopcastError } from '../../service/src/errors';
import { assertSendable, checkMessage, MAX_PARTS, STOP_MENTION_LENGTH, stopMentionApplies, ucs2Allowed } from '../../service/src/sms';

const a = (n: number): string => 'a'.repeat(n);

describe('sms provider rules', () => {
  it('counts the 12-character STOP mention for marketing under a custom sender only', () => {
    expect(STOP_MENTION_LENGTH).to.equal(12);
    expect(checkMessage(a(148), { marketing: true }).count).to.include({ parts: 1, length: 160, remaining: 0, reserved: 12 });
    expect(checkMessage(a(149), { marketing: true }).count).to.include({ parts: 2, length: 161 });
    expect(checkMessage(a(149), { marketing: false }).count).to.include({ parts: 1, length: 149, reserved: 0 });
    expect(checkMessage(a(149), { marketing: true, customSender: false }).count).to.include({ parts: 1, reserved: 0 });
    expect(stopMentionApplies({ marketing: true })).to.equal(true);
    expect(stopMentionApplies({})).to.equal(false);
  });

  it('accepts 918 GSM characters in 6 parts and refuses 919 as too long, without cutting', () => {
    expect(MAX_PARTS).to.equal(6);
    const ok = checkMessage(a(918));
    expect(ok.count.parts).to.equal(6);
    expect(ok.problems).to.deep.equal([]);
    const tooLong = checkMessage(a(919));
    expect(tooLong.text).to.have.length(919);
    expect(tooLong.problems).to.have.length(1);
    expect(tooLong.problems[0]).to.deep.include({ code: 'too_long', params: { parts: 7, maxParts: 6, length: 919, maxLength: 918 } });
    expect(tooLong.problems[0].message).to.match(/7 SMS; at most 6/);
  });

  it('lets the STOP mention push a 907-character marketing text over the limit', () => {
    expect(checkMessage(a(906), { marketing: true }).problems).to.deep.equal([]);
    const problems = checkMessage(a(907), { marketing: true }).problems;
    expect(problems.map((p) => p.code)).to.deep.equal(['too_long']);
    expect(problems[0].message).to.contain('STOP mention included');
  });

  it('refuses UCS-2 towards France, naming each character and whether it can be replaced', () => {
    const check = checkMessage('Garçon 😀');
    expect(check.count.encoding).to.equal('UCS2');
    expect(check.problems).to.have.length(1);
    const problem = check.problems[0];
    expect(problem.code).to.equal('ucs2_not_allowed');
    expect(problem.params).to.deep.equal({
      country: 'FR',
      chars: [
        { char: 'ç', index: 3, codePoints: 'U+00E7', replaceable: true },
        { char: '😀', index: 7, codePoints: 'U+1F600', replaceable: false },
      ],
    });
    expect(problem.message).to.contain('"ç" (U+00E7) at 3').and.to.contain('Replace or remove them');
  });

  it('allows UCS-2 outside metropolitan France', () => {
    expect(ucs2Allowed('BE')).to.equal(true);
    expect(ucs2Allowed('fr')).to.equal(false);
    expect(ucs2Allowed(null)).to.equal(false);
    expect(checkMessage('Garçon 😀', { country: 'BE' }).problems).to.deep.equal([]);
  });

  it('replaces French typography when asked and then sends in GSM', () => {
    const check = checkMessage('L’été arrive… –20 % dès aujourd’hui', { replace: true, marketing: true });
    expect(check.text).to.equal("L'été arrive... -20 % dès aujourd'hui");
    expect(check.count).to.include({ encoding: 'GSM', reserved: 12 });
    expect(check.replacements.map((r) => r.from)).to.deep.equal(['’', '…', '–', '’']);
    expect(check.problems).to.deep.equal([]);
  });

  it('still refuses an emoji that replacement cannot fix', () => {
    const check = checkMessage('Promo ç 🎉', { replace: true });
    expect(check.text).to.equal('Promo c 🎉');
    expect(check.problems.map((p) => p.code)).to.deep.equal(['ucs2_not_allowed']);
  });

  it('throws invalid_input from assertSendable with every problem as params', () => {
    expect(() => assertSendable('Bonjour')).not.to.throw();
    try {
      assertSendable(`${a(919)}ç`);
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ShopcastError);
      const e = err as ShopcastError;
      expect(e.code).to.equal('invalid_input');
      expect((e.params.problems as Array<{ code: string }>).map((p) => p.code)).to.deep.equal(['too_long', 'ucs2_not_allowed']);
      expect(e.issues).to.have.length(2);
    }
  });
});
