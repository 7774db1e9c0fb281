export { easterSunday, frenchHolidays, isFrenchHoliday } from './holidays';
export { DEFAULT_SEND_WINDOW, isInSendWindow, nextSendTime, sendWindowSchema } from './quiet-hours';
export type { SendWindow } from './quiet-hours';
