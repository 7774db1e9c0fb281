/**
 * `npm run package:module [-- --out <dir>]`: builds <dir>/shopcast-<version>.zip (default dir:
 * dist/), the archive a merchant uploads in the PrestaShop back office. PrestaShop wants the
 * module folder at the archive's root, so every entry starts with `shopcast/`. The repository's
 * migration files are copied into `shopcast/sql/`, where the installer looks first; test files
 * and dotfiles never ship.
 */
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { projectRoot } from '../service/src/paths';

export interface ModulePackage {
  file: string;
  version: string;
  entries: string[];
}

const MODULE = 'shopcast';
/** Same pattern as the migrators (PHP and TypeScript): only numbered migration files ship. */
const migrationFile = /^\d{3}_[a-z0-9_]+\.sql$/;
const excluded = [/(^|\/)\./, /(^|\/)(tests?|__tests__)(\/|$)/, /\.(test|spec)\.[a-z]+$/, /(^|\/)phpunit\.xml(\.dist)?$/];

/** The version declared in the module's main class: the one PrestaShop compares for upgrades. */
export function moduleVersion(moduleDir: string): string {
  const source = fs.readFileSync(path.join(moduleDir, `${MODULE}.php`), 'utf8');
  const match = /\$this->version = '(\d+\.\d+\.\d+)';/.exec(source);
  if (!match) throw new Error(`no $this->version = 'X.Y.Z' in ${MODULE}.php`);
  return match[1];
}

/** Files under dir, as paths relative to it with forward slashes, sorted. */
function listFiles(dir: string, base = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const relative = base ? `${base}/${entry.name}` : entry.name;
    if (excluded.some((re) => re.test(relative))) continue;
    if (entry.isDirectory()) files.push(...listFiles(dir, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

export function buildModulePackage(outDir = path.join(projectRoot(), 'dist'), root = projectRoot()): ModulePackage {
  const moduleDir = path.join(root, 'module', MODULE);
  const version = moduleVersion(moduleDir);
  const contents = new Map<string, Buffer>();
  for (const file of listFiles(moduleDir)) {
    // A module/shopcast/sql left from a manual test would shadow the repository's files.
    if (!file.startsWith('sql/')) contents.set(file, fs.readFileSync(path.join(moduleDir, file)));
  }
  const sqlDir = path.join(root, 'sql');
  const migrations = fs.readdirSync(sqlDir).filter((f) => migrationFile.test(f)).sort();
  if (migrations.length === 0) throw new Error(`no migration files in ${sqlDir}`);
  for (const file of migrations) contents.set(`sql/${file}`, fs.readFileSync(path.join(sqlDir, file)));
  // Every folder carries PrestaShop's index.php guard; sql/ gets the module root's copy.
  contents.set('sql/index.php', fs.readFileSync(path.join(moduleDir, 'index.php')));

  const zip = new AdmZip();
  const folders = new Set<string>([`${MODULE}/`]);
  for (const [file, data] of contents) {
    const parts = file.split('/').slice(0, -1);
    parts.forEach((_, i) => folders.add(`${MODULE}/${parts.slice(0, i + 1).join('/')}/`));
    zip.addFile(`${MODULE}/${file}`, data);
  }
  for (const folder of folders) zip.addFile(folder, Buffer.alloc(0));

  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${MODULE}-${version}.zip`);
  zip.writeZip(file);
  return { file, version, entries: zip.getEntries().map((e) => e.entryName).sort() };
}

if (require.main === module) {
  const at = process.argv.indexOf('--out');
  const outDir = at >= 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : undefined;
  const built = buildModulePackage(outDir);
  process.stdout.write(`${path.relative(process.cwd(), built.file)} (${built.entries.length} entries, module ${built.version})\n`);
}
