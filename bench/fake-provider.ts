import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Starts bench/fake-isendpro-process.ts in a child process and resolves with its URL: benches
 * then measure our process alone, not the fake's bookkeeping.
 */
export function startFakeProviderProcess(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'fake-isendpro-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', (d) => resolve({ url: String(d).trim(), stop: () => child.kill() })));
}
