import { expect } from 'chai';
import { signAdminToken, signIngress, verifyAdminToken, verifyIngress } from '../../service/src/auth';

const secret = 'a'.repeat(64);
const now = Date.UTC(2026, 10, 26, 12, 0, 0);
const inAnHour = now / 1000 + 3600;

describe('admin tokens and module signatures', () => {
  it('accepts a token it signed and returns its claims', () => {
    const token = signAdminToken(secret, { shops: [1, 2], employee: 7, exp: inAnHour });
    expect(verifyAdminToken(secret, token, now)).to.deep.equal({ shops: [1, 2], employee: 7, exp: inAnHour });
  });

  it("keeps the module's lang claim, and only fr or en", () => {
    for (const lang of ['fr', 'en'] as const) {
      const token = signAdminToken(secret, { shops: [1], employee: 7, exp: inAnHour, lang });
      expect(verifyAdminToken(secret, token, now)).to.deep.equal({ shops: [1], employee: 7, exp: inAnHour, lang });
    }
    for (const lang of ['de', 'FR', '', 1, null]) {
      const token = signAdminToken(secret, { shops: [1], employee: 7, exp: inAnHour, lang } as never);
      expect(verifyAdminToken(secret, token, now), String(lang)).to.equal(null);
    }
  });

  it('refuses signed claims of the wrong shape and drops unknown ones', () => {
    for (const claims of [{ shops: ['1'], employee: 1 }, { shops: [0], employee: 1 }, { shops: [], employee: -1 }, { shops: [], employee: 1.5 }, { shops: {}, employee: 1 }]) {
      const token = signAdminToken(secret, { ...claims, exp: inAnHour } as never);
      expect(verifyAdminToken(secret, token, now), JSON.stringify(claims)).to.equal(null);
    }
    const token = signAdminToken(secret, { shops: [], employee: 1, exp: inAnHour, admin: true } as never);
    expect(verifyAdminToken(secret, token, now)).to.deep.equal({ shops: [], employee: 1, exp: inAnHour });
  });

  it('refuses an expired token', () => {
    const token = signAdminToken(secret, { shops: [], employee: 1, exp: now / 1000 - 1 });
    expect(verifyAdminToken(secret, token, now)).to.equal(null);
  });

  it('refuses a token signed with another secret', () => {
    const token = signAdminToken('b'.repeat(64), { shops: [], employee: 1, exp: inAnHour });
    expect(verifyAdminToken(secret, token, now)).to.equal(null);
  });

  it('refuses a token whose claims were changed after signing', () => {
    const token = signAdminToken(secret, { shops: [1], employee: 1, exp: inAnHour });
    const [v, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ shops: [], employee: 1, exp: inAnHour })).toString('base64url');
    expect(verifyAdminToken(secret, `${v}.${forged}.${sig}`, now)).to.equal(null);
  });

  it('refuses garbage without throwing', () => {
    for (const junk of ['', 'v1', 'v1..', 'v2.a.b', 'v1.!!!.???', `v1.${Buffer.from('not json').toString('base64url')}.x`]) {
      expect(verifyAdminToken(secret, junk, now), junk).to.equal(null);
    }
  });

  it('accepts an ingress signature over the same body within five minutes', () => {
    const body = '{"event":"order_state"}';
    const header = signIngress(secret, body, now);
    expect(header).to.match(/^t=\d+,s=[0-9a-f]{64}$/);
    expect(verifyIngress(secret, header, body, now + 299_000)).to.equal(true);
  });

  it('refuses an ingress signature that is replayed later, covers another body, or is missing', () => {
    const body = '{"event":"order_state"}';
    const header = signIngress(secret, body, now);
    expect(verifyIngress(secret, header, body, now + 301_000)).to.equal(false);
    expect(verifyIngress(secret, header, '{"event":"other"}', now)).to.equal(false);
    expect(verifyIngress(secret, undefined, body, now)).to.equal(false);
    expect(verifyIngress('c'.repeat(64), header, body, now)).to.equal(false);
  });
});
