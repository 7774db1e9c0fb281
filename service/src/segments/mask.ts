import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A number as the preview shows it: international grouping, only the country code, the first
 * national digit and the last two digits visible ("+33 6 ** ** ** 78").
 */
export function maskPreviewPhone(e164: string): string {
  const formatted = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  const [code, ...rest] = formatted.split(' ');
  const national = rest.join(' ');
  const digits = national.replace(/\D/g, '').length;
  let seen = 0;
  const masked = national.replace(/\d/g, (d) => {
    seen += 1;
    return seen === 1 || seen > digits - 2 ? d : '*';
  });
  return rest.length ? `${code} ${masked}` : code.replace(/^(\+\d{3})\d+(\d{2})$/, '$1****$2');
}

/**
 * An email as the preview shows it: the first character and the domain, the rest of the local
 * part starred ("m****@example.com"). Same length, so the preview counts the SMS of the real send.
 */
export function maskPreviewEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at < 1 ? email.length : at;
  return email.slice(0, 1) + '*'.repeat(Math.max(local - 1, 0)) + email.slice(local);
}
