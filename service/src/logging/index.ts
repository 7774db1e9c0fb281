import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. Paths that could carry secrets are redacted wherever they
 * appear; message bodies and full phone numbers are never passed to the logger in the first place.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'shopcast' },
      redact: {
        paths: ['keyid', '*.keyid', 'secret', '*.secret', 'password', '*.password', 'headers.authorization', 'req.headers.authorization', 'req.headers["x-shopcast-signature"]'],
        censor: '***',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** +33612345678 -> +3361234**78: enough to recognise a number in a log, not enough to use it. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '***';
  return `${phone.slice(0, -4)}**${phone.slice(-2)}`;
}
