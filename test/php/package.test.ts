import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { moduleVersion } from '../../scripts/package-module';
import type { TestDatabase } from '../helpers/databases';
import { describePhp, moduleDir, phpDatabase, repoRoot, runPhpTest } from './helpers';

const run = promisify(execFile);

describe('PrestaShop module: package', function () {
  this.timeout(60000);
  let outDir: string;
  let zipFile: string;

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-package-'));
    await run('npm', ['run', '--silent', 'package:module', '--', '--out', outDir], { cwd: repoRoot });
    zipFile = path.join(outDir, `shopcast-${moduleVersion(moduleDir)}.zip`);
  });

  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('builds shopcast-<version>.zip with the module version of shopcast.php', () => {
    expect(moduleVersion(moduleDir)).to.match(/^\d+\.\d+\.\d+$/);
    expect(fs.existsSync(zipFile)).to.equal(true);
  });

  it('puts the shopcast/ folder at the root of the archive, with the migrations copied into its sql/', () => {
    const names = new AdmZip(zipFile).getEntries().map((e) => e.entryName);
    expect(names.every((n) => n.startsWith('shopcast/'))).to.equal(true);
    for (const file of ['shopcast/shopcast.php', 'shopcast/logo.png', 'shopcast/upgrade/upgrade-0.1.0.php', 'shopcast/translations/fr.php', 'shopcast/translations/en.php', 'shopcast/views/templates/admin/embed.tpl', 'shopcast/controllers/admin/AdminShopcastMarketingController.php']) {
      expect(names).to.include(file);
    }
    const migrations = fs.readdirSync(path.join(repoRoot, 'sql')).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f));
    const zip = new AdmZip(zipFile);
    for (const file of migrations) {
      expect(zip.readFile(`shopcast/sql/${file}`)?.equals(fs.readFileSync(path.join(repoRoot, 'sql', file))), file).to.equal(true);
    }
    expect(names.filter((n) => n.startsWith('shopcast/sql/') && n.endsWith('.sql'))).to.have.length(migrations.length);
  });

  it('guards every folder with an index.php and ships no test files or dotfiles', () => {
    const names = new AdmZip(zipFile).getEntries().map((e) => e.entryName);
    const folders = names.filter((n) => n.endsWith('/'));
    expect(folders.length).to.be.greaterThan(5);
    for (const folder of folders) expect(names, folder).to.include(`${folder}index.php`);
    expect(names.filter((n) => /(^|\/)\.|(^|\/)tests?\/|\.(test|spec)\.|stubs\//.test(n))).to.deep.equal([]);
  });

  it('lists the expected layout with unzip -l, as a merchant would see it', async function () {
    const listing = await run('unzip', ['-l', zipFile]).catch(() => null);
    if (!listing) return this.skip();
    expect(listing.stdout).to.match(/\sshopcast\/shopcast\.php\n/).and.match(/\sshopcast\/sql\/001_core\.sql\n/);
  });

  describePhp('the packaged module', () => {
    let database: TestDatabase | undefined;

    afterEach(async () => {
      await database?.drop();
    });

    it('installs from its own sql/ folder once extracted outside the repository', async () => {
      const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-modules-'));
      new AdmZip(zipFile).extractAllTo(extracted);
      const prepared = await phpDatabase();
      database = prepared.database;
      await runPhpTest('install.php', { ...prepared.env, SHOPCAST_TEST_MODULE_DIR: path.join(extracted, 'shopcast') });
      fs.rmSync(extracted, { recursive: true, force: true });
    });
  });
});
