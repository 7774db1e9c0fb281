export { readSetting, writeSetting, listSettings, maskSecret } from './store';
export type { SettingRow } from './store';
