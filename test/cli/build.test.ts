import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnService } from '../helpers/spawn-service';

const root = path.resolve(__dirname, '..', '..');

describe('production build', function () {
  this.timeout(180_000);

  it('compiles with `npm run build` and the compiled service starts and answers /health', async () => {
    execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    const entry = path.join(root, 'dist', 'service', 'src', 'cli', 'main.js');
    expect(fs.existsSync(entry)).to.equal(true);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-build-'));
    const service = await spawnService({ SHOPCAST_DATA_DIR: dataDir }, entry);
    try {
      expect((await fetch(`${service.url}/health`)).status).to.equal(200);
    } finally {
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
