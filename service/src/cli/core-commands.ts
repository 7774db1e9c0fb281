import { Command } from 'commander';
import { migrate } from '../db';
import { openRuntime } from './runtime';

/** `shopcast migrate`: applies Shopcast's pending table migrations (a no-op when current). */
export function registerCoreCommands(program: Command): void {
  program
    .command('migrate')
    .description("create or upgrade Shopcast's own tables (idempotent)")
    .action(async () => {
      const rt = openRuntime();
      try {
        const applied = await migrate(rt.db, (line) => process.stdout.write(`${line}\n`));
        process.stdout.write(applied.length ? `migrated: ${applied.length} applied\n` : 'migrations are current\n');
      } finally {
        await rt.close();
      }
    });
}
