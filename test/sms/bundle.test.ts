import path from 'node:path';
import vm from 'node:vm';
import { expect } from 'chai';
import { build } from 'esbuild';

const root = path.join(__dirname, '..', '..');

/** Bundles one entry for the browser in memory (nothing is written) and returns the code. */
async function bundleForBrowser(entry: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'Shopcast',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  expect(result.errors).to.deep.equal([]);
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

/** Runs the bundle in a bare V8 context: no require, no process, like a page without Node. */
function runInBareContext(code: string, call: string): unknown {
  return vm.runInNewContext(`${code};\n${call}`, {});
}

describe('sms core and templates bundle for the browser', () => {
  it('bundles service/src/sms/index.ts with no Node module and counts in a bare context', async () => {
    const { code, inputs } = await bundleForBrowser('service/src/sms/index.ts');
    expect(inputs.filter((i) => i.startsWith('node:') || i.includes('/cli'))).to.deep.equal([]);
    const result = runInBareContext(code, 'JSON.stringify([Shopcast.countSms("Garçon").parts, Shopcast.normalizePhone("06 12 34 56 78", "FR").e164])');
    expect(JSON.parse(result as string)).to.deep.equal([1, '+33612345678']);
  });

  it('bundles service/src/templates/index.ts with Handlebars and renders in a bare context', async () => {
    const { code, inputs } = await bundleForBrowser('service/src/templates/index.ts');
    expect(inputs.filter((i) => i.startsWith('node:'))).to.deep.equal([]);
    const result = runInBareContext(code, 'Shopcast.renderTemplate("Bonjour {client_name} {{#if x}}", "marketing", { client_name: "Dupont" })');
    expect(result).to.equal('Bonjour Dupont {{#if x}}');
  });
});
