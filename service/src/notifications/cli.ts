import { Command } from 'commander';
import { openRuntime } from '../cli/runtime';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { createProvider } from '../providers';
import { readSetting } from '../settings';
import { listOrderStates, readShopConfiguration } from '../shop/read-model';
import { checkMessage } from '../sms';
import { renderTemplate } from '../templates';
import type { Audience } from './catalogue';
import { loadEventData } from './event-data';
import { buildCatalogue, templateAudienceFor } from './events';
import { chooseAdminPhone } from './recipients';

interface TestOptions {
  event: string;
  order?: string;
  customer?: string;
  audience: string;
  lang: string;
  text?: string;
  json?: boolean;
}

/** `shopcast notify test`: renders one event's text for a real order and sends it through the configured provider. */
export function registerNotificationCommands(program: Command): void {
  const notify = program.command('notify').description('notifications on shop events');
  notify
    .command('test')
    .description("render an event's default text (or --text) for a real order and send it through the configured provider")
    .requiredOption('--event <key>', 'catalogue key, e.g. order_state:4, payment_confirmation, customer_account_created')
    .option('--order <id>', 'order id (events about an order)')
    .option('--customer <id>', 'customer id (customer_account_created)')
    .option('--audience <who>', 'client or admin', 'client')
    .option('--lang <lang>', 'default text language: fr or en', 'fr')
    .option('--text <text>', 'text to send instead of the default one')
    .option('--json', 'print the result as JSON')
    .action(async (opts: TestOptions) => {
      if (opts.audience !== 'client' && opts.audience !== 'admin') throw new ShopcastError('invalid_input', '--audience: expected client or admin');
      if (opts.lang !== 'fr' && opts.lang !== 'en') throw new ShopcastError('invalid_input', '--lang: expected fr or en');
      const rt = openRuntime();
      try {
        await migrate(rt.db);
        const result = await sendTest(rt, opts as TestOptions & { audience: Audience; lang: 'fr' | 'en' });
        process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${result.status} ${result.to}: ${result.text}${result.code ? ` (code ${result.code})` : ''}\n`);
        if (result.status !== 'accepted') process.exitCode = 1;
      } finally {
        await rt.close();
      }
    });
}

function positiveId(raw: string | undefined, flag: string): number | null {
  if (raw === undefined) return null;
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ShopcastError('invalid_input', `${flag}: expected a positive id, got "${raw}"`);
  return id;
}

async function sendTest(rt: ReturnType<typeof openRuntime>, opts: TestOptions & { audience: Audience; lang: 'fr' | 'en' }) {
  const catalogue = buildCatalogue(await listOrderStates(rt.db));
  const event = catalogue.find((e) => e.key === opts.event);
  if (!event) throw new ShopcastError('invalid_input', `--event: unknown event "${opts.event}"; known: ${catalogue.map((e) => e.key).join(', ')}`);
  const idOrder = positiveId(opts.order, '--order');
  const idCustomer = positiveId(opts.customer, '--customer');
  const state = event.key.startsWith('order_state:') ? Number(event.key.split(':')[1]) : null;
  const shopName = (await readShopConfiguration(rt.db, 'PS_SHOP_NAME', 1)) ?? '';
  const data = await loadEventData(rt.db, { id_shop: 1, id_order: idOrder, id_customer: idCustomer, id_order_state: state }, event.key, shopName);
  if (typeof data === 'string') throw new ShopcastError('invalid_input', data);
  const text = renderTemplate(opts.text ?? event.defaults[opts.audience][opts.lang], templateAudienceFor([event.key]), data.context);
  const recipient = opts.audience === 'admin' ? chooseAdminPhone(await readSetting(rt.db, 'admin_phone')) : await data.clientPhone();
  if (recipient.phone === null) throw new ShopcastError('invalid_input', `no recipient: ${recipient.reason}`);
  const check = checkMessage(text, { marketing: false, country: recipient.country, replace: true });
  if (check.problems.length > 0) throw new ShopcastError('invalid_input', check.problems.map((p) => p.message).join(' '));
  const sender = (await readSetting(rt.db, 'default_sender')) ?? undefined;
  const [result] = await createProvider(rt.config, rt.db).send([{ to: recipient.phone, text: check.text, tracker: `t${Date.now()}` }], { sender, marketing: false });
  return { to: recipient.phone, text: check.text, parts: check.count.parts, status: result.status, code: result.code, message: result.message };
}
