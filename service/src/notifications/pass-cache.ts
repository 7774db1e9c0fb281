import type { ShopDb } from '../db';
import { readSetting } from '../settings';
import { readShopConfiguration } from '../shop/read-model';
import type { EventKey } from './catalogue';
import { listActiveRules, Rule } from './rules';

/**
 * What the events of one claimed batch share: the active rules, settings and shop names, each
 * read once per pass. A batch sees one consistent view, and a change made meanwhile applies from
 * the next pass (a second or less). Measured in bench/notifications.ts: about a third of the
 * queries of an event were these lookups.
 */
export class PassCache {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(private readonly db: ShopDb) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      this.memo.set(key, hit);
    }
    return hit;
  }

  /** Active rules listening to `event` for this shop (shop-wide rules included), by id. */
  async rulesFor(event: EventKey, idShop: number): Promise<Rule[]> {
    const rules = await this.once('rules', () => listActiveRules(this.db));
    return rules.filter((r) => r.events.includes(event) && (r.id_shop === 0 || r.id_shop === idShop));
  }

  setting(name: string, idShop: number): Promise<string | null> {
    return this.once(`setting:${idShop}:${name}`, () => readSetting(this.db, name, idShop));
  }

  async shopName(idShop: number): Promise<string> {
    return (await this.once(`shop:${idShop}`, () => readShopConfiguration(this.db, 'PS_SHOP_NAME', idShop))) ?? '';
  }
}
