import type { ShopDb } from '../db';
import { ShopcastError } from '../errors';
import { DEFAULT_SEND_WINDOW, SendWindow, sendWindowSchema } from '../scheduler';
import { readSetting } from '../settings';
import { say } from './messages';

/** The shop's marketing window (setting `send_window`, JSON), else Mon-Sat 08:00-20:00 Paris, holidays off. */
export async function readSendWindow(db: ShopDb, idShop: number): Promise<SendWindow> {
  const stored = await readSetting(db, 'send_window', idShop);
  if (stored === null) return DEFAULT_SEND_WINDOW;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    json = null;
  }
  const parsed = sendWindowSchema.safeParse(json);
  if (!parsed.success) throw new ShopcastError('invalid_config', say('invalid_setting', { setting: 'send_window', details: parsed.error.issues[0].message }), { setting: 'send_window' });
  return parsed.data;
}
