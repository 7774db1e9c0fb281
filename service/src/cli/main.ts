import { Command, CommanderError } from 'commander';
import { cliLang, isShopcastError, issueMessage } from '../errors';
import { registerCoreCommands } from './core-commands';
import { registerShopCommands } from '../shop/cli';
import { registerSmsCommands } from '../sms/cli';
import { registerNotificationCommands } from '../notifications/cli';
import { registerCampaignCommands } from '../campaigns/cli';
import { registerProviderCommands } from '../providers/cli';
import { registerSegmentCommands } from '../segments/cli';
import { registerServeCommand } from './serve';

/**
 * The `shopcast` command. Each capability registers its own sub-commands from its cli.ts;
 * this file only assembles them and turns errors into one line and an exit code.
 */
export function buildProgram(): Command {
  const program = new Command('shopcast')
    .description('Shopcast: SMS for PrestaShop shops')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerCoreCommands(program);
  registerShopCommands(program);
  registerSmsCommands(program);
  registerNotificationCommands(program);
  registerCampaignCommands(program);
  // after registerSmsCommands: `sms send` joins the `sms` group it creates
  registerProviderCommands(program);
  registerSegmentCommands(program);
  registerServeCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander printed its one-line error already; help and version are not errors.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
    }
    if (isShopcastError(err)) {
      const lang = cliLang();
      process.stderr.write(`shopcast: ${err.messageIn(lang)}\n`);
      for (const issue of err.issues) process.stderr.write(`  ${issue.path}: ${issueMessage(issue, lang)}\n`);
      return err.code === 'invalid_input' || err.code === 'invalid_config' ? 2 : 1;
    }
    const sqlCode = (err as { code?: unknown }).code;
    if (typeof sqlCode === 'string' && /^(SQLITE_|ER_)/.test(sqlCode)) {
      const message = (err as Error).message.split('\n')[0].replace(/^.* - /, '');
      const hint = /no such table|doesn't exist/i.test(message) ? ' (is SHOPCAST_DB_URL a PrestaShop database with the right SHOPCAST_DB_PREFIX?)' : '';
      process.stderr.write(`shopcast: database error: ${message}${hint}\n`);
      return 1;
    }
    process.stderr.write(`shopcast: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('shopcast.js')) {
  runCli(process.argv.slice(2)).then((code) => {
    // A command that finished but failed (a notification not sent) has set exitCode itself.
    process.exitCode = code === 0 ? (process.exitCode ?? 0) : code;
  });
}
