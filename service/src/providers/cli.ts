import crypto from 'node:crypto';
import { Command } from 'commander';
import { openRuntime, Runtime } from '../cli/runtime';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { readSetting } from '../settings';
import { assertSendable, assertValidSender, describePhoneRejection, normalizePhone } from '../sms';
import { checkCredentials, createProvider, importOptOutsNow } from './index';

/**
 * `shopcast provider check`, `shopcast sms send` and `shopcast optout import`: options in, one
 * providers call, lines out. Each migrates first (a no-op when current) because they read and
 * write our own tables. `sms` is shared with the sms capability's `sms count`: `send` joins the
 * group when it already exists.
 */
export function registerProviderCommands(program: Command): void {
  program
    .command('provider')
    .description('the SMS provider')
    .command('check')
    .description('show the provider, whether it is configured, and the credit left (one credit call)')
    .action(() => withRuntime(providerCheck));

  const sms = program.commands.find((c) => c.name() === 'sms') ?? program.command('sms').description('SMS');
  sms
    .command('send')
    .description('send one SMS through the configured provider (a quick manual test)')
    .requiredOption('--to <number>', 'recipient, national French or international (+32...)')
    .requiredOption('--text <text>', 'the message')
    .option('--sender <name>', 'sender name (default: the default_sender setting)')
    .option('--marketing', 'commercial message: the provider appends the STOP mention')
    .option('--sandbox', "iSendPro's test mode for this message (sandbox=1: accepted, not routed, not charged)")
    .action((flags: SendFlags) => withRuntime((rt) => smsSend(rt, flags)));

  program
    .command('optout')
    .description('the opt-out list')
    .command('import')
    .description("copy the provider's blacklist into the opt-out table (idempotent)")
    .action(() => withRuntime(optOutImport));
}

interface SendFlags {
  to: string;
  text: string;
  sender?: string;
  marketing?: boolean;
  sandbox?: boolean;
}

async function withRuntime(run: (rt: Runtime) => Promise<void>): Promise<void> {
  const rt = openRuntime();
  try {
    await migrate(rt.db);
    await run(rt);
  } finally {
    await rt.close();
  }
}

async function providerCheck(rt: Runtime): Promise<void> {
  const check = await checkCredentials(createProvider(rt.config, rt.db));
  process.stdout.write(`provider: ${rt.config.provider}\nconfigured: ${check.status === 'not_configured' ? 'no' : 'yes'}\n`);
  if (check.credit) process.stdout.write(`credit: ${check.credit.amount} EUR, ${check.credit.smsFrance ?? '?'} SMS in France\n`);
  process.stdout.write(`${check.message.en}\n`);
  if (check.status !== 'ok' && check.status !== 'sandbox') {
    throw new ShopcastError('provider_failed', `provider check: ${check.status}`, { providerCode: check.providerCode ?? null });
  }
}

async function smsSend(rt: Runtime, flags: SendFlags): Promise<void> {
  const phone = normalizePhone(flags.to, 'FR');
  if (!phone.valid) throw new ShopcastError('invalid_input', `--to: ${describePhoneRejection(phone.reason, 'en')}`, { to: flags.to });
  if (!phone.mobile) throw new ShopcastError('invalid_input', '--to: this number is not a mobile, it cannot receive SMS', { to: flags.to });
  const sender = flags.sender ?? (await readSetting(rt.db, 'default_sender')) ?? undefined;
  if (sender !== undefined) assertValidSender(sender);
  // The rules every other sender follows: no UCS-2 to France, 6 parts at most (STOP included).
  const check = assertSendable(flags.text, { marketing: flags.marketing, customSender: sender !== undefined, country: phone.country });
  const tracker = `cli${crypto.randomBytes(8).toString('hex')}`;
  const options = { sender, marketing: flags.marketing, sandbox: flags.sandbox, ucs2: check.count.encoding === 'UCS2' };
  const [result] = await createProvider(rt.config, rt.db).send([{ to: phone.e164, text: flags.text, tracker }], options);
  process.stdout.write(`${result.status} (provider ${rt.config.provider}, tracker ${tracker}, code ${result.code ?? '-'}: ${result.message ?? ''})\n`);
  if (result.status !== 'accepted') {
    throw new ShopcastError('provider_failed', `the SMS was not accepted: ${result.status}`, { providerCode: result.code });
  }
}

async function optOutImport(rt: Runtime): Promise<void> {
  const result = await importOptOutsNow(rt.db, createProvider(rt.config, rt.db), 'cli');
  rt.log.info({ provider: rt.config.provider, ...result }, 'opt-out list imported');
  process.stdout.write(`read ${result.read}, added ${result.added}, skipped ${result.skipped}\n`);
}
