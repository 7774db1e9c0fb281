import { Command } from 'commander';
import { openRuntime } from '../cli/runtime';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { createProvider } from '../providers';
import { sendTestNotification } from './test-send';

interface TestOptions {
  event: string;
  order?: string;
  customer?: string;
  shop?: string;
  audience: string;
  lang: string;
  text?: string;
  json?: boolean;
}

/** `shopcast notify test`: one event's text for a real order, sent and recorded like a real notification. */
export function registerNotificationCommands(program: Command): void {
  const notify = program.command('notify').description('notifications on shop events');
  notify
    .command('test')
    .description("render an event's default text (or --text) for a real order, send it through the configured provider and record it in the history")
    .requiredOption('--event <key>', 'catalogue key, e.g. order_state:4, payment_confirmation, customer_account_created')
    .option('--order <id>', 'order id (events about an order)')
    .option('--customer <id>', 'customer id (customer_account_created)')
    .option('--shop <id>', "shop whose settings apply (default: the order's or customer's shop)")
    .option('--audience <who>', 'client or admin', 'client')
    .option('--lang <lang>', 'default text language: fr or en', 'fr')
    .option('--text <text>', 'text to send instead of the default one')
    .option('--json', 'print the result as JSON')
    .action(async (opts: TestOptions) => {
      if (opts.audience !== 'client' && opts.audience !== 'admin') {
        throw new ShopcastError('invalid_input', { en: '--audience: expected client or admin', fr: '--audience : client ou admin attendu' });
      }
      if (opts.lang !== 'fr' && opts.lang !== 'en') throw new ShopcastError('invalid_input', { en: '--lang: expected fr or en', fr: '--lang : fr ou en attendu' });
      const input = {
        event: opts.event,
        idOrder: positiveId(opts.order, '--order'),
        idCustomer: positiveId(opts.customer, '--customer'),
        idShop: positiveId(opts.shop, '--shop'),
        audience: opts.audience,
        lang: opts.lang,
        text: opts.text,
      } as const;
      const rt = openRuntime();
      try {
        await migrate(rt.db);
        const result = await sendTestNotification(rt.db, createProvider(rt.config, rt.db), input);
        const detail = [result.code ? `code ${result.code}` : null, result.message, `history #${result.id_notification}`].filter(Boolean).join(', ');
        process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${result.status} ${result.to || '(no recipient)'}: ${result.text} (${detail})\n`);
        if (result.status !== 'sent') process.exitCode = 1;
      } finally {
        await rt.close();
      }
    });
}

function positiveId(raw: string | undefined, flag: string): number | null {
  if (raw === undefined) return null;
  // Digits only, within PrestaShop's INT UNSIGNED ids: '1e3', '0x10' or 40 nines are not an id.
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < 1 || id > 4294967295) {
    throw new ShopcastError('invalid_input', { en: `${flag}: expected a positive id, got "${raw}"`, fr: `${flag} : identifiant positif attendu, reçu « ${raw} »` });
  }
  return id;
}
