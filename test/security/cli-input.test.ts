import { expect } from 'chai';
import type { Command } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram, runCli } from '../../service/src/cli/main';
import { connectDatabase, migrate, ShopDb } from '../../service/src/db';
import { createDemoShop } from '../../service/src/shop';
import { ownTablesChecksum } from './table-checksum';

/**
 * Junk on the command line, for every command buildProgram() registers: each answers exit code 2
 * and a short error, never a stack trace, never exit 1 from a crash, and no row of our tables
 * changes. It runs on a small demo shop (a real PrestaShop schema with customers and orders), so
 * a command fails on its input, not on a missing table. runCli runs in this process with stdout
 * and stderr captured: a process per case would make this file take minutes.
 */

/**
 * Files the cases name, written into a temporary folder before the run: '@name' in an argument
 * stands for that file's path, '@' for the folder itself.
 */
const FILES: Record<string, string> = {
  'criteria.json': JSON.stringify({ shops: [1], criteria: [{ field: 'newsletter', value: true }] }),
  'broken.json': '{not json',
  'junk.json': '{"shops": "x", "criteria": [{"field": "age", "op": "DROP TABLE"}]}',
  'empty.json': '',
  'sql.json': JSON.stringify({ shops: [1], criteria: [{ field: 'country', in: ["FR') OR 1=1 --"] }] }),
};
const CRITERIA = '@criteria.json';
const LATER = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);

/**
 * A valid invocation of each command, which the bad cases change one piece of. Every leaf command
 * must be here: a new command fails the test until it is. `check` ones are run for real first
 * (they change nothing, or only the phone cache a count refreshes) to prove the base is valid.
 */
interface Invocation {
  args?: string[];
  options?: Record<string, string>;
  check?: boolean;
}
const VALID: Record<string, Invocation> = {
  migrate: { check: true },
  'admin-link': { options: { '--hours': '2', '--shop': '1' }, check: true },
  demo: { options: { '--customers': '50' } },
  'sms count': { args: ['Bonjour'], options: { '--sender': 'MaBoutique' }, check: true },
  'sms send': { options: { '--to': '+33612345678', '--text': 'Bonjour' } },
  'notify test': { options: { '--event': 'order_state:4', '--order': '1' } },
  'campaign send': { options: { '--name': 'Fuzz', '--criteria': CRITERIA, '--text': 'Bonjour' } },
  'campaign schedule': { options: { '--name': 'Fuzz', '--criteria': CRITERIA, '--text': 'Bonjour', '--at': LATER } },
  'campaign list': { check: true },
  'campaign show': { args: ['1'], check: true },
  'provider check': {},
  'optout import': {},
  'segment count': { options: { '--criteria': CRITERIA }, check: true },
  'segment export': { options: { '--criteria': CRITERIA }, check: true },
  serve: {},
};

const JUNK_CRITERIA = ['@missing.json', '@broken.json', '@junk.json', '@empty.json', '@sql.json', '@'];
const NOT_AN_ID = ['abc', '-1', '0', '1.5', '1; DROP TABLE ps_customer', '9'.repeat(40)];
const NOT_A_DATE = ['yesterday', '2026-13-45T99:99:99Z', "' OR 1=1 --"];

/**
 * Values each option refuses, by option name (the same name means the same kind of value in
 * every command); 'free' for free text, where no value is bad on its own. An option missing from
 * here fails the test, so a new option is fuzzed from its first day.
 */
const BAD: Record<string, string[] | 'free'> = {
  '--hours': ['0', '-5', '1e9', 'abc', '169', '1.5'],
  '--shop': ['0', 'x', '-1', '1; DROP TABLE ps_shop'],
  '--customers': ['-1', '0', 'abc', '1e12', '2.5'],
  '--seed': ['-1', 'x', '4294967296', '1.5'],
  '--sender': ['💥'.repeat(50), 'ab', '12345', "' OR 1=1"],
  '--to': ['not a number', '123', "' OR 1=1 --", '2026-13-45'],
  '--text': 'free',
  '--name': 'free',
  '--event': ["'; --", 'order_state:999999', 'nope'],
  '--order': NOT_AN_ID,
  '--customer': NOT_AN_ID,
  '--audience': ['everyone', 'root'],
  '--lang': ['de', 'xx'],
  '--criteria': JUNK_CRITERIA,
  '--at': NOT_A_DATE,
  '--id': NOT_AN_ID,
  '--from': NOT_A_DATE,
  '--status': ['nope', "' OR 1=1"],
  '--action': ['nope'],
  '--cost-min': ['abc', '-1'],
  '--cost-max': ['abc', '-1'],
  '--quantity-min': ['abc', '-1', '1.5'],
  '--quantity-max': ['abc', '-1', '1.5'],
  '--page': ['0', '-1', 'abc'],
  '--limit': ['-5', '0', 'abc', '100000'],
  '--format': ['xml', 'CSV;'],
  '--out': ['@no-such-dir/out.csv', '@'],
};
const BAD_ARGS: Record<string, string[] | 'free'> = { id: NOT_AN_ID, text: 'free' };

interface Leaf {
  name: string;
  command: Command;
}

function leaves(command: Command, prefix: string[] = []): Leaf[] {
  return command.commands.flatMap((c) => (c.commands.length ? leaves(c, [...prefix, c.name()]) : [{ name: [...prefix, c.name()].join(' '), command: c }]));
}

const argv = (name: string, inv: Invocation) => [...name.split(' '), ...(inv.args ?? []), ...Object.entries(inv.options ?? {}).flat()];
const resolve = (dir: string, args: string[]) => args.map((a) => (a.startsWith('@') ? path.join(dir, a.slice(1)) : a));
const without = (options: Record<string, string> = {}, name: string) => Object.fromEntries(Object.entries(options).filter(([k]) => k !== name));

/** Every bad variant of a command's valid invocation, each with what makes it bad. */
function badCases(leaf: Leaf): Array<{ why: string; argv: string[] }> {
  const valid = VALID[leaf.name];
  const cases = [
    { why: 'an unknown option', argv: [...argv(leaf.name, valid), '--no-such-option'] },
    { why: 'a surplus argument', argv: [...argv(leaf.name, valid), 'surplus'] },
  ];
  leaf.command.registeredArguments.forEach((arg, i) => {
    if (arg.required) cases.push({ why: `no ${arg.name()}`, argv: argv(leaf.name, { ...valid, args: valid.args?.slice(0, i) }) });
    const bad = BAD_ARGS[arg.name()];
    for (const value of bad === 'free' ? [] : bad) {
      const args = [...(valid.args ?? [])];
      args[i] = value;
      cases.push({ why: `${arg.name()} ${value}`, argv: argv(leaf.name, { ...valid, args }) });
    }
  });
  for (const option of leaf.command.options) {
    const name = option.long!;
    if (!option.required && !option.optional) {
      cases.push({ why: `${name} with a value`, argv: [...argv(leaf.name, valid), `${name}=junk`] });
      continue;
    }
    if (option.mandatory) cases.push({ why: `no ${name}`, argv: argv(leaf.name, { ...valid, options: without(valid.options, name) }) });
    cases.push({ why: `${name} without its value`, argv: [...argv(leaf.name, { ...valid, options: without(valid.options, name) }), name] });
    const bad = BAD[name];
    for (const value of bad === 'free' || bad === undefined ? [] : bad) {
      cases.push({ why: `${name} ${value}`, argv: argv(leaf.name, { ...valid, options: { ...without(valid.options, name), [name]: value } }) });
    }
  }
  return cases;
}

let dir = '';

/** runCli with stdout and stderr captured ('@' file names resolved in the run's folder). */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (into: string[]) => ((chunk: string | Uint8Array) => into.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const code = await runCli(resolve(dir, args));
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}

/** One error line, then only issue lines (indented) and commander's hints in parentheses. */
function cleanError(stderr: string): boolean {
  const [first, ...rest] = stderr.trimEnd().split('\n');
  return /^(shopcast|error): \S/.test(first ?? '') && rest.length <= 6 && rest.every((l) => /^ {2}\S/.test(l) || /^\(.*\)$/.test(l));
}

describe('command line: bad input on every command', function () {
  this.timeout(120_000);
  const env: Record<string, string | undefined> = {};
  let db: ShopDb;
  const all = leaves(buildProgram());

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-cli-junk-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
    const dbUrl = `sqlite:${path.join(dir, 'shop.sqlite')}`;
    db = connectDatabase(dbUrl, 'ps_');
    await createDemoShop(db, { customers: 50, seed: 3 });
    await migrate(db);
    for (const [k, v] of Object.entries({ SHOPCAST_DB_URL: dbUrl, SHOPCAST_DB_PREFIX: 'ps_', SHOPCAST_PROVIDER: 'sandbox', SHOPCAST_LANG: 'en', SHOPCAST_LOG_LEVEL: 'silent' })) {
      env[k] = process.env[k];
      process.env[k] = v;
    }
    // A campaign to show, and rows in our tables whose values the bad cases must leave alone.
    const scheduled = await run(argv('campaign schedule', VALID['campaign schedule']));
    expect(scheduled.code, scheduled.stderr).to.equal(0);
  });
  after(async () => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('knows a valid invocation of every registered command and the bad values of every option', () => {
    expect(all.map((l) => l.name).filter((n) => !(n in VALID)), 'commands missing from VALID').to.deep.equal([]);
    expect(Object.keys(VALID).filter((n) => !all.some((l) => l.name === n)), 'VALID names no command').to.deep.equal([]);
    const valueOptions = all.flatMap((l) => l.command.options.filter((o) => o.required || o.optional).map((o) => o.long!));
    expect([...new Set(valueOptions.filter((o) => !(o in BAD)))], 'options missing from BAD').to.deep.equal([]);
    const args = all.flatMap((l) => l.command.registeredArguments.map((a) => a.name()));
    expect(args.filter((a) => !(a in BAD_ARGS)), 'arguments missing from BAD_ARGS').to.deep.equal([]);
  });

  it('runs the valid invocations that change nothing, so the bad cases start from valid ones', async () => {
    for (const leaf of all.filter((l) => VALID[l.name].check)) {
      const res = await run(argv(leaf.name, VALID[leaf.name]));
      expect(res.code, `${leaf.name}: ${res.stderr}`).to.equal(0);
    }
  });

  it('answers every bad variant with exit 2 and one clean error line, changing no row', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const leaf of all) {
      const before = await ownTablesChecksum(db);
      for (const c of badCases(leaf)) {
        count++;
        const res = await run(c.argv);
        const shown = `shopcast ${c.argv.join(' ').slice(0, 120)} (${c.why}): exit ${res.code}, stderr ${JSON.stringify(res.stderr.slice(0, 300))}`;
        if (res.code !== 2) problems.push(shown);
        else if (/^\s+at .*:\d+:\d+\)?$/m.test(res.stderr) || !cleanError(res.stderr)) problems.push(`${shown}: not a clean error`);
      }
      const after = await ownTablesChecksum(db);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length > 0) problems.push(`shopcast ${leaf.name}: bad input changed ${changed.join(', ')}`);
    }
    expect(count).to.be.greaterThan(100);
    expect(problems).to.deep.equal([]);
  });
});
