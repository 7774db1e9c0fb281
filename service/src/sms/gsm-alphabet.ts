/**
 * The GSM 03.38 default alphabet and its extension table (3GPP TS 23.038), as lookup tables.
 * Pure data, no I/O: this file is bundled into the admin page's live counter too.
 */

/**
 * The 128 positions of the default alphabet in code order (0x00-0x7F). Position 0x1B is the
 * escape to the extension table, not a character: it is written as U+001B here and skipped when
 * the table is built, so a U+001B in a text is not GSM.
 */
export const GSM_BASIC_CHARS =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Characters reached through the escape 0x1B: each costs 2 septets (form feed first). */
export const GSM_EXTENSION_CHARS = '\f^{}\\[~]|€';

const ESCAPE = 0x1b;
const EURO = 0x20ac;

/**
 * Every GSM character but the euro sign is below U+0400 (the Greek capitals end at U+03A9), so a
 * 1 KiB table indexed by UTF-16 unit answers "how many septets" without hashing; the euro sign is
 * tested apart. 0 means "not in GSM 03.38".
 */
export const GSM_TABLE_SIZE = 0x400;
export const GSM_WIDTH: Uint8Array = buildWidthTable();

function buildWidthTable(): Uint8Array {
  const table = new Uint8Array(GSM_TABLE_SIZE);
  for (const ch of GSM_BASIC_CHARS) {
    const code = ch.charCodeAt(0);
    if (code !== ESCAPE) table[code] = 1;
  }
  for (const ch of GSM_EXTENSION_CHARS) {
    const code = ch.charCodeAt(0);
    if (code < GSM_TABLE_SIZE) table[code] = 2;
  }
  return table;
}

/** Septets one UTF-16 unit costs in GSM 03.38: 1 (default alphabet), 2 (extension) or 0 (not GSM). */
export function gsmWidth(code: number): number {
  if (code < GSM_TABLE_SIZE) return GSM_WIDTH[code];
  return code === EURO ? 2 : 0;
}

/** True when the single character (one UTF-16 unit) is in the default alphabet or the extension. */
export function isGsmChar(ch: string): boolean {
  return ch.length === 1 && gsmWidth(ch.charCodeAt(0)) > 0;
}

/** True when every character of the text can be sent in GSM 03.38 (the empty text included). */
export function isGsmText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (gsmWidth(text.charCodeAt(i)) === 0) return false;
  }
  return true;
}
