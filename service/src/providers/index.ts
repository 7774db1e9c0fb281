import type { Config } from '../config';
import type { ShopDb } from '../db';
import { createProvider } from './create';
import { generalFields } from './fields';
import { isendproFields } from './isendpro/fields';
import type { SettingField } from './types';

/**
 * The providers capability's public face: one SmsProvider chosen by SHOPCAST_PROVIDER, its health,
 * the settings page, the credential check and the opt-out import. Adapters are reached only
 * through here.
 */
export type {
  ContactResult,
  Credit,
  DirectoryContact,
  MessageResult,
  OutgoingSms,
  SendOptions,
  SendStatus,
  SettingField,
  SmsCount,
  SmsProvider,
} from './types';
export { createProvider } from './create';
export type { ProviderOptions } from './create';
export { createIsendproProvider } from './isendpro/provider';
export type { IsendproOptions, IsendproSettings } from './isendpro/provider';
export { statusOfCode, knownCodes } from './isendpro/vendor';
export { boundCode, PROVIDER_CODE_MAX } from './formats';
export { historyFields } from './history';
export type { HistoryFields, HistoryStatus } from './history';
export { createSandboxProvider, sandboxTrigger, SANDBOX_CREDIT } from './sandbox/provider';
export { checkCredentials } from './check';
export type { CredentialCheck, CheckStatus } from './check';
export { readSettingsPage, parseSettingsInput, saveSettings } from './settings-page';
export type { SettingsPage, SettingsInput, SettingsSection } from './settings-page';
export { claimOptOutImport, importOptOuts, importOptOutsNow } from './opt-out';
export { DEFAULT_OPT_OUT_SCHEDULE, startOptOutSchedule } from './opt-out-schedule';
export type { OptOutImport } from './opt-out';
export { checkedString, issueText } from './fields';
export type { Bilingual } from './fields';

/** Every setting the settings page shows: the shared ones, then each real adapter's. */
export const settingFields: SettingField[] = [...generalFields, ...isendproFields];

/** What /health reports about the provider: its name and whether it has its credentials (no call). */
export function providerHealth(config: Config, db: ShopDb): { name: string; configured: () => Promise<boolean> } {
  const provider = createProvider(config, db);
  return { name: config.provider, configured: () => provider.configured() };
}
