/**
 * The SMS core: encoding and part counting, provider rules, replacement of non-GSM characters,
 * sender validation and phone normalisation. Pure logic with no Node import, so the admin page's
 * live counter bundles it for the browser (the CLI lives in ./cli, outside this face).
 */
export { GSM_BASIC_CHARS, GSM_EXTENSION_CHARS, gsmWidth, isGsmChar, isGsmText } from './gsm-alphabet';
export { countSms, SMS_LIMITS, type NonGsmChar, type SmsCount, type SmsEncoding } from './encoding';
export { codePointsOf, isReplaceable, replaceNonGsm, type Replacement, type ReplacementKind, type ReplaceResult } from './replace';
export {
  assertSendable,
  checkMessage,
  MAX_PARTS,
  STOP_MENTION_LENGTH,
  stopMentionApplies,
  ucs2Allowed,
  type MessageCheck,
  type MessageProblem,
  type SendOptions,
  type UnsendableChar,
} from './rules';
export {
  assertValidSender,
  SENDER_MAX_LENGTH,
  SENDER_MIN_LENGTH,
  validateSender,
  type SenderError,
  type SenderRule,
} from './sender';
export {
  describePhoneRejection,
  isTextableType,
  normalizePhone,
  toProviderFormat,
  type InvalidPhone,
  type PhoneRejection,
  type PhoneResult,
  type PhoneType,
  type ValidPhone,
} from './phone';
