import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitStatements } from '../../service/src/db';
import { describePhp, execPhp, expectPassed, moduleDir, phpFiles, repoRoot, runPhp } from './helpers';

const fixtures = path.join(__dirname, 'fixtures');

/** The constructs the brief forbids, each as compat.php names it. */
const FORBIDDEN = [
  'typed property (7.4)',
  'arrow function (7.4)',
  'match expression (8.0)',
  'nullsafe operator (8.0)',
  'named argument (8.0)',
  'union type (8.0)',
  'constructor promotion (8.0)',
  "type 'mixed' (8.0+)",
];

/** Other newer syntax the scan also catches. */
const ALSO_CAUGHT = [
  'attribute (8.0)',
  'enum (8.1)',
  'readonly (8.1)',
  'null coalescing assignment (7.4)',
  'numeric literal separator (7.4)',
  'explicit octal literal (8.1)',
  'trailing comma in a call or parameter list (7.3/8.0)',
  'first-class callable syntax (8.1)',
  '::class on an object (8.0)',
  'throw expression (8.0)',
  'dynamic class constant fetch (8.3)',
  'catch without variable (8.0)',
  'flexible heredoc (7.3)',
  'intersection type (8.1)',
  "return type 'static' (8.0)",
  "type 'never' (8.0+)",
  'final class constant (8.1)',
  'typed class constant (8.3)',
  'str_contains (newer than 7.2)',
  'array_key_first (newer than 7.2)',
];

describePhp(
  'PrestaShop module: PHP syntax, compatibility and translations',
  () => {
    it('passes php -l on every PHP file of the module and of the PHP tests', async function () {
      this.timeout(60000);
      // fixtures/ holds syntax newer than this CLI may parse: it is scanned, never run.
      const files = [...phpFiles(moduleDir), ...phpFiles(__dirname).filter((f) => !f.startsWith(fixtures))];
      expect(files.length).to.be.greaterThan(30);
      const failures: string[] = [];
      for (const file of files) {
        const run = await execPhp(['-l', file]);
        if (run.code !== 0) failures.push(`${path.relative(repoRoot, file)}: ${run.stderr || run.stdout}`);
      }
      expect(failures).to.deep.equal([]);
    });

    it('finds no syntax or function newer than PHP 7.2 in the module', async () => {
      const run = await runPhp('compat.php', phpFiles(moduleDir));
      expect(run.stdout, run.stderr).to.equal('');
      expect(run.code).to.equal(0);
    });

    it('reports every forbidden construct of its fixture, with its line', async () => {
      const run = await runPhp('compat.php', [path.join(fixtures, 'newer-syntax.php')]);
      expect(run.code).to.equal(1);
      const reported = new Set(run.stdout.trim().split('\n').map((l) => l.replace(/^.*?:\d+: /, '')));
      for (const construct of [...FORBIDDEN, ...ALSO_CAUGHT]) expect(reported, construct).to.include(construct);
    });

    it('reports nothing in valid PHP 7.2 code that resembles newer syntax', async () => {
      const run = await runPhp('compat.php', [path.join(fixtures, 'valid-72.php')]);
      expect(run.stdout).to.equal('');
      expect(run.code).to.equal(0);
    });

    it('has a French and an English entry for every translatable string, and no stale one', async () => {
      expectPassed(await runPhp('translations.php', [moduleDir]), 'translations.php');
    });

    it('splits SQL files into the same statements as the service', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-split-'));
      const cases: Record<string, string> = {
        'comments.sql': "-- header\nCREATE TABLE a (x INT); -- trailing\n--\nINSERT INTO a VALUES (1);\nSELECT '--not a comment';",
        'crlf.sql': 'CREATE TABLE b (x INT);\r\n-- note\r\nCREATE TABLE c (y INT);\r\n',
        'inline.sql': 'SELECT 1; SELECT 2;\nSELECT 3;  \n\n  ;\nSELECT a--b FROM t;',
      };
      for (const [name, text] of Object.entries(cases)) fs.writeFileSync(path.join(dir, name), text);
      const sqlDir = path.join(repoRoot, 'sql');
      const files = [
        ...fs.readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).map((f) => path.join(sqlDir, f)),
        ...Object.keys(cases).map((f) => path.join(dir, f)),
      ];
      const run = expectPassed(await runPhp('split.php', files), 'split.php');
      const fromPhp = JSON.parse(run.stdout) as Record<string, string[]>;
      for (const file of files) {
        expect(fromPhp[file], path.basename(file)).to.deep.equal(splitStatements(fs.readFileSync(file, 'utf8')));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
  },
  { mysql: false },
);
