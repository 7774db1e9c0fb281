import fs from 'node:fs';
import os from 'node:os';
import { Command } from 'commander';
import { openRuntime, Runtime } from '../cli/runtime';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { createProvider } from '../providers';
import { segmentRecipients } from '../segments';
import { campaignFilterSchema, listCampaigns } from './history';
import { progressOf } from './progress';
import { Campaign, getCampaign } from './queries';
import { runCampaign } from './runner';
import { createCampaign, scheduleCampaign, startCampaign } from './service';
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

function readCriteria(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ShopcastError('invalid_input', `--criteria: cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ShopcastError('invalid_input', `--criteria: ${file} is not valid JSON`);
  }
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
  process.stdout.write(`#${c.id_campaign} ${c.name} [${c.action}] ${c.status}: ${c.recipients} recipients, ${c.sent} sent, ${c.failed} failed, ${c.unknown} unknown, cost ${cost}${c.scheduled_at ? `, scheduled ${c.scheduled_at} UTC` : ''}${c.error ? ` (${c.error})` : ''}\n`);
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
  creation(campaign.command('send').description('create a campaign and send it now, in this process, printing its progress')).action((opts: NewOptions) =>
    withRuntime(async (rt) => {
      const created = await createCampaign(rt.db, { name: opts.name, action: opts.export ? 'export' : 'send', criteria: readCriteria(opts.criteria), message: opts.text ?? '', sender: opts.sender ?? null }, []);
      const window = await readSendWindow(rt.db, created.id_shop);
      await startCampaign(rt.db, created.id_campaign, window);
      const provider = createProvider(rt.config, rt.db);
      const done = await runCampaign(
        {
          db: rt.db, provider, log: rt.log, worker: `cli:${os.hostname()}:${process.pid}`.slice(0, 64), now: () => new Date(),
          source: (c) => segmentRecipients(rt.db, c.criteria), sendWindow: async () => window,
          batchSize: 500, leaseSeconds: 120, pauseAfterFailures: 5, retryDelayMs: 2000,
        },
        created.id_campaign,
      );
      print(done, opts.json);
      if (done.status !== 'sent') process.exitCode = 1;
    }),
  );
  creation(campaign.command('schedule').description('create a campaign for later; the running service sends it').requiredOption('--at <iso>', 'ISO 8601 date and time, e.g. 2026-12-01T10:00:00+01:00')).action((opts: NewOptions) =>
    withRuntime(async (rt) => {
      const created = await createCampaign(rt.db, { name: opts.name, action: opts.export ? 'export' : 'send', criteria: readCriteria(opts.criteria), message: opts.text ?? '', sender: opts.sender ?? null }, []);
      const { campaign: scheduled, moved } = await scheduleCampaign(rt.db, created.id_campaign, new Date(opts.at!), await readSendWindow(rt.db, created.id_shop));
      print(scheduled, opts.json);
      if (moved && !opts.json) process.stdout.write('the time was outside the marketing window and was moved to the next allowed one\n');
    }),
  );
  campaign
    .command('list')
    .description('the last campaigns, newest first')
    .option('--status <status>', 'only this status')
    .option('--limit <n>', 'how many (at most 500)', '50')
    .option('--json', 'print JSON')
    .action((opts: { status?: string; limit: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const filter = campaignFilterSchema.safeParse({ status: opts.status, per_page: opts.limit });
        if (!filter.success) throw new ShopcastError('invalid_input', filter.error.issues.map((i) => `--${String(i.path[0]).replace('per_page', 'limit')}: ${i.message}`).join('; '));
        const { rows } = await listCampaigns(rt.db, filter.data);
        if (opts.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else for (const c of rows) print(c, false);
      }),
    );
  campaign
    .command('show <id>')
    .description('one campaign with its progress')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n < 1) throw new ShopcastError('invalid_input', `expected a campaign id, got "${id}"`);
        print(await getCampaign(rt.db, n), opts.json);
      }),
    );
}
