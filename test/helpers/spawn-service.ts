import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { captureChildOutput, registerServiceSecret } from '../security/secret-registry';

const root = path.resolve(__dirname, '..', '..');

export interface SpawnedService {
  child: ChildProcess;
  url: string;
  token: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `shopcast serve` as a child process (sources through bin/shopcast.js, or a given entry
 * such as the compiled dist/) and resolves once it printed its admin URL.
 */
export function spawnService(env: Record<string, string>, entry = path.join(root, 'bin', 'shopcast.js'), timeoutMs = 60_000): Promise<SpawnedService> {
  const child = spawn(process.execPath, [entry, 'serve'], {
    cwd: root,
    env: { ...process.env, SHOPCAST_LOG_LEVEL: 'warn', SHOPCAST_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildOutput(child, `shopcast serve (${entry})`);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      const match = /Open (http:\/\/[^/\s]+)\/admin\/#token=(\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // The suite's secret scan looks for the secret this service made, in all it writes.
      const ready = registerServiceSecret(env).then((): SpawnedService => ({
        child,
        url: match[1],
        token: match[2],
        output: () => out,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      }));
      resolve(ready);
    };
    child.stdout!.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before it was ready:\n${out}`));
    });
  });
}
