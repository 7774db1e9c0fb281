import fs from 'node:fs';
import os from 'node:os';
import { Command } from 'commander';
import { openRuntime, Runtime } from '../cli/runtime';
import { migrate } from '../db';
import { cliLang, ErrorIssue } from '../errors';
import { createProvider } from '../providers';
import { parseSegment, readShopZone, segmentRecipients } from '../segments';
import { campaignFilterSchema, FILTER_CHOICES, listCampaigns, listRecipients, RECIPIENT_CHOICES, recipientFilterSchema, RecipientRow } from './history';
import { invalidInput, issue, zodIssues } from './messages';
import { progressOf } from './progress';
import { Campaign, getCampaign } from './queries';
import { runCampaign } from './runner';
import { futureSendAt } from './send-at';
import { assertInSendWindow, createCampaign, scheduleCampaign, startCampaign } from './service';
import { readSendWindow } from './window';

interface NewOptions {
  name: string;
  criteria: string;
  text?: string;
  sender?: string;
  export?: boolean;
  at?: string;
  json?: boolean;
}

/** Option names as typed, for the issues of the query fields they fill. */
const OPTION_OF: Record<string, string> = {
  per_page: '--limit', cost_min: '--cost-min', cost_max: '--cost-max', quantity_min: '--quantity-min', quantity_max: '--quantity-max',
};

function readCriteria(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw invalidInput([issue('--criteria', 'criteria_file', { file })]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput([issue('--criteria', 'criteria_json', { file })]);
  }
}

function parseOptions<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: Record<string, unknown>, choices: Record<string, readonly string[]>): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(r.error, 'options', choices).map((i): ErrorIssue => ({ ...i, path: OPTION_OF[i.path] ?? `--${i.path.replace(/_/g, '-')}` }));
  throw invalidInput(issues);
}

async function withRuntime<T>(work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = openRuntime();
  try {
    await migrate(rt.db);
    return await work(rt);
  } finally {
    await rt.close();
  }
}

function print(c: Campaign, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ campaign: c, progress: progressOf(c) })}\n`);
    return;
  }
  const cost = c.cost ?? c.estimated_cost ?? '-';
  const why = c.error_detail?.messages[cliLang()] ?? c.error;
  process.stdout.write(`#${c.id_campaign} ${c.name} [${c.action}] ${c.status}: ${c.recipients} recipients, ${c.sent} sent, ${c.failed} failed, ${c.unknown} unknown, cost ${cost}${c.scheduled_at ? `, scheduled ${c.scheduled_at} UTC` : ''}${why ? ` (${why})` : ''}\n`);
}

function printRecipient(r: RecipientRow): void {
  const code = r.provider_code === null ? '' : ` code ${r.provider_code}`;
  const message = r.provider_message === null ? '' : ` (${r.provider_message})`;
  process.stdout.write(`  ${r.id_recipient} ${r.phone} ${r.country ?? '-'} customer ${r.id_customer} ${r.status}${code}${message}${r.cost === null ? '' : ` cost ${r.cost}`}\n`);
}

function newCampaign(rt: Runtime, opts: NewOptions, criteria: unknown): Promise<Campaign> {
  return createCampaign(rt.db, { name: opts.name, action: opts.export ? 'export' : 'send', criteria, message: opts.text ?? '', sender: opts.sender ?? null }, []);
}

/** --at read on the clock of the campaign's shop before anything is written: a bad or past time leaves no draft behind. */
async function checkSendAt(rt: Runtime, criteria: unknown, at: string | undefined): Promise<void> {
  futureSendAt(at, await readShopZone(rt.db, parseSegment(criteria).shops), new Date());
}

/** Campaign ids are INT UNSIGNED: anything else names no campaign and is bad input, not a lookup. */
function campaignId(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > 4_294_967_295) throw invalidInput([issue('id', 'id', { value })]);
  return n;
}

/** `shopcast campaign send|schedule|list|show`: the campaign page's actions from a shell. */
export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('marketing campaigns');
  const creation = (cmd: Command) =>
    cmd
      .requiredOption('--name <name>', 'campaign label')
      .requiredOption('--criteria <file>', 'segment criteria JSON file')
      .option('--text <text>', 'message, with {client_surname}-style variables')
      .option('--sender <sender>', 'sender name (4-11 letters, digits, spaces)')
      .option('--export', 'export the selection as a provider directory named --name instead of sending')
      .option('--json', 'print JSON');
  creation(campaign.command('send').description('create a campaign and send it now, in this process, printing its outcome')).action((opts: NewOptions) =>
    withRuntime(async (rt) => {
      const criteria = readCriteria(opts.criteria);
      const window = await readSendWindow(rt.db, parseSegment(criteria).shops[0] ?? 1);
      // Checked before the draft is written: a send refused at night leaves nothing behind.
      if (!opts.export) assertInSendWindow(window);
      const created = await newCampaign(rt, opts, criteria);
      await startCampaign(rt.db, created.id_campaign, window);
      const provider = createProvider(rt.config, rt.db);
      const done = await runCampaign(
        {
          db: rt.db, provider, log: rt.log, worker: `cli:${os.hostname()}:${process.pid}`.slice(0, 64), now: () => new Date(),
          source: (c) => segmentRecipients(rt.db, c.criteria), sendWindow: async () => window,
          batchSize: 500, leaseSeconds: rt.config.campaignLeaseSeconds, pauseAfterFailures: 5, retryDelayMs: 2000,
        },
        created.id_campaign,
      );
      print(done, opts.json);
      if (done.status !== 'sent') process.exitCode = 1;
    }),
  );
  creation(
    campaign
      .command('schedule')
      .description('create a campaign for later; the running service sends it')
      .requiredOption('--at <time>', "date and time in the shop's zone (2026-12-01T10:00) or with an offset (2026-12-01T10:00:00+01:00)"),
  ).action((opts: NewOptions) =>
    withRuntime(async (rt) => {
      const criteria = readCriteria(opts.criteria);
      await checkSendAt(rt, criteria, opts.at);
      const created = await newCampaign(rt, opts, criteria);
      const scheduled = await scheduleCampaign(rt.db, created.id_campaign, opts.at, await readSendWindow(rt.db, created.id_shop));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...scheduled, progress: progressOf(scheduled.campaign) })}\n`);
        return;
      }
      print(scheduled.campaign, false);
      process.stdout.write(`starts at ${scheduled.at_local} (${scheduled.zone})\n`);
      if (scheduled.moved) process.stdout.write('the time was outside the marketing window and was moved to the next allowed one\n');
    }),
  );
  campaign
    .command('list')
    .description('the campaign history, newest first (the last 500 by default)')
    .option('--id <id>', 'only this campaign')
    .option('--from <day>', "created on or after this day (YYYY-MM-DD, shop's zone)")
    .option('--to <day>', "created on or before this day (YYYY-MM-DD, shop's zone)")
    .option('--name <text>', 'label contains this text')
    .option('--status <status>', 'only this status')
    .option('--action <action>', 'send or export')
    .option('--cost-min <euros>', 'cost (or estimate) at least')
    .option('--cost-max <euros>', 'cost (or estimate) at most')
    .option('--quantity-min <n>', 'at least this many recipients')
    .option('--quantity-max <n>', 'at most this many recipients')
    .option('--page <n>', 'page number', '1')
    .option('--limit <n>', 'campaigns per page (at most 500)', '500')
    .option('--json', 'print JSON')
    .action((opts: Record<string, string | boolean | undefined>) =>
      withRuntime(async (rt) => {
        const { limit, json, costMin, costMax, quantityMin, quantityMax, ...rest } = opts;
        const filter = parseOptions(campaignFilterSchema, { ...rest, per_page: limit, cost_min: costMin, cost_max: costMax, quantity_min: quantityMin, quantity_max: quantityMax }, FILTER_CHOICES);
        const page = await listCampaigns(rt.db, filter);
        if (json) process.stdout.write(`${JSON.stringify(page)}\n`);
        else {
          for (const c of page.rows) print(c, false);
          process.stdout.write(`${page.rows.length} of ${page.total} (page ${page.page})\n`);
        }
      }),
    );
  campaign
    .command('show <id>')
    .description('one campaign with its progress and its recipients')
    .option('--status <status>', 'only recipients with this status (pending, sending, sent, failed, unknown)')
    .option('--page <n>', 'page of recipients', '1')
    .option('--limit <n>', 'recipients per page (at most 500)', '50')
    .option('--json', 'print JSON')
    .action((id: string, opts: { status?: string; page: string; limit: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const n = campaignId(id);
        const filter = parseOptions(recipientFilterSchema, { status: opts.status, page: opts.page, per_page: opts.limit }, RECIPIENT_CHOICES);
        const c = await getCampaign(rt.db, n);
        const recipients = await listRecipients(rt.db, n, filter);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ campaign: c, progress: progressOf(c), recipients })}\n`);
          return;
        }
        print(c, false);
        for (const r of recipients.rows) printRecipient(r);
        process.stdout.write(`${recipients.rows.length} of ${recipients.total} recipients${filter.status ? ` ${filter.status}` : ''} (page ${recipients.page})\n`);
      }),
    );
}
