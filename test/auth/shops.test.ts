import { expect } from 'chai';
import type { Request } from 'express';
import { assertAllShops, assertShopAllowed, type AdminClaims } from '../../service/src/auth';
import { isShopcastError } from '../../service/src/errors';

const as = (shops: number[] | null) => ({ admin: shops === null ? undefined : ({ shops, employee: 1, exp: 0 } satisfies AdminClaims) }) as unknown as Request;

function refusal(run: () => void): { code: string; fr: string | undefined } | null {
  try {
    run();
    return null;
  } catch (err) {
    if (!isShopcastError(err)) throw err;
    return { code: err.code, fr: err.messages?.fr };
  }
}

describe('shop scope of admin tokens', () => {
  it('lets only a token for every shop change shared settings', () => {
    expect(refusal(() => assertAllShops(as([])))).to.equal(null);
    for (const shops of [[1], [1, 2], null]) {
      const refused = refusal(() => assertAllShops(as(shops)));
      expect(refused, JSON.stringify(shops)).to.deep.include({ code: 'unauthorized' });
      expect(refused!.fr).to.include('toutes les boutiques');
    }
  });

  it("lets a token act on its own shops' data only, and on shop 0 only when it covers every shop", () => {
    expect(refusal(() => assertShopAllowed(as([1, 2]), 2))).to.equal(null);
    expect(refusal(() => assertShopAllowed(as([]), 7))).to.equal(null);
    expect(refusal(() => assertShopAllowed(as([]), 0))).to.equal(null);
    expect(refusal(() => assertShopAllowed(as([1]), 2))).to.deep.include({ code: 'unauthorized' });
    expect(refusal(() => assertShopAllowed(as([1]), 0))!.fr).to.include('réglages communs');
  });
});
