import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';

const root = path.join(__dirname, '..', '..');

function shopcast(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['bin/shopcast.js', 'sms', 'count', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, SHOPCAST_LOG_LEVEL: 'silent' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const jsonLines = (out: string): unknown[] => out.trim().split('\n').map((line) => JSON.parse(line));

describe('sms count command (end to end)', () => {
  it('counts one text given as argument and prints JSON', () => {
    const run = shopcast(['--json', 'Bonjour l’été']);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ encoding: 'UCS2', parts: 1, length: 13, remaining: 57 });
  });

  it('prints a short human summary without --json', () => {
    const run = shopcast(['Garçon']);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.equal('UCS-2: 1 part, 6 UTF-16 units, 64 left in the message (70 per part)\nforcing UCS-2: "ç" at 3\n');
  });

  it('counts thousands of JSON lines from stdin in one process, in order', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? 'a'.repeat(i % 400) : i % 3 === 1 ? `ç${'€'.repeat(i % 90)}` : `${i} 😀`));
    const run = shopcast([], `${texts.map((t) => JSON.stringify(t)).join('\n')}\n`);
    expect(run.status).to.equal(0);
    const records = jsonLines(run.stdout) as Array<{ encoding: string; parts: number; length: number }>;
    expect(records).to.have.length(3000);
    expect(records[0]).to.deep.equal({ encoding: 'GSM', parts: 1, length: 0, remaining: 160 });
    expect(records[300]).to.deep.equal({ encoding: 'GSM', parts: 2, length: 300, remaining: 6 });
    expect(records[301]).to.include({ encoding: 'UCS2', length: 32 });
    expect(records[2999]).to.deep.equal({ encoding: 'UCS2', parts: 1, length: 7, remaining: 63 });
  });

  it('applies --replace, --marketing and the STOP mention of a custom sender to each line and lists the replacements', () => {
    const run = shopcast(['--replace', '--marketing', '--sender', 'MaBoutique'], '"L’été…"\n"Promo 🎉"\n');
    expect(run.status).to.equal(0);
    const [first, second] = jsonLines(run.stdout) as Array<Record<string, unknown>>;
    expect(first).to.deep.equal({
      encoding: 'GSM',
      parts: 1,
      length: 20,
      remaining: 140,
      replacements: [
        { index: 1, from: '’', to: "'", kind: 'quote', codePoints: 'U+2019' },
        { index: 5, from: '…', to: '...', kind: 'ellipsis', codePoints: 'U+2026' },
      ],
    });
    expect(second).to.include({ encoding: 'UCS2' });
    expect((second.problems as Array<{ code: string }>).map((p) => p.code)).to.deep.equal(['ucs2_not_allowed']);
  });

  it('answers a bad or blank stdin line with an error object in its place, so output line N is input line N, and exits with status 2', () => {
    const run = shopcast([], '"ok"\n42\nnot json\n\n"fine"\n');
    expect(run.status).to.equal(2);
    expect(jsonLines(run.stdout)).to.deep.equal([
      { encoding: 'GSM', parts: 1, length: 2, remaining: 158 },
      { error: 'line 2: expected a JSON string' },
      { error: 'line 3: expected a JSON string' },
      { error: 'line 4: blank line, expected a JSON string' },
      { encoding: 'GSM', parts: 1, length: 4, remaining: 156 },
    ]);
    expect(run.stderr).to.contain('3 input line(s) were not JSON strings');
  });

  it('does not count the STOP mention for --marketing without a custom sender (the short number appends none)', () => {
    const run = shopcast(['--marketing', '--json', 'a'.repeat(160)]);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ encoding: 'GSM', parts: 1, length: 160, remaining: 0 });
    const withSender = shopcast(['--marketing', '--sender', 'MaBoutique', '--json', 'a'.repeat(160)]);
    expect(JSON.parse(withSender.stdout)).to.deep.equal({ encoding: 'GSM', parts: 2, length: 172, remaining: 134 });
  });

  it('counts the text exactly as given with --sender alone: the sender is validated, the France rules stay off', () => {
    const run = shopcast(['--sender', 'MaBoutique', '--json', `Garçon ${'a'.repeat(400)}`]);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ encoding: 'UCS2', parts: 7, length: 407, remaining: 62 });
  });

  it('refuses a marketing text over 6 parts and an invalid sender with status 2', () => {
    const tooLong = shopcast(['--marketing', '--sender', 'MaBoutique', '--json', 'a'.repeat(907)]);
    expect(tooLong.status).to.equal(2);
    expect(JSON.parse(tooLong.stdout)).to.include({ parts: 7, length: 919 });
    expect(tooLong.stderr).to.contain('at most 6 are sent');
    const sender = shopcast(['--sender', '123', 'Hello']);
    expect(sender.status).to.equal(2);
    expect(sender.stdout).to.equal('');
    expect(sender.stderr).to.contain('at least 4').and.to.contain('at least one letter');
  });
});
