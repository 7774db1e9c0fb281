import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Test-only: SHOPCAST_LOG_TEE names a file every logger of this process also appends each line
 * to, at every level whatever its own, so the test suite can scan what any logger would ever
 * write for secrets (test/security/secret-scan.ts). Read once, at load; unset (production), the
 * logger is exactly the one below with its one destination.
 */
const TEE_FILE = process.env.SHOPCAST_LOG_TEE || undefined;
let tee: pino.DestinationStream | undefined;

/**
 * Structured JSON logs on stdout. Paths that could carry secrets are redacted wherever they
 * appear; message bodies and full phone numbers are never passed to the logger in the first place.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'shopcast' },
    redact: {
      paths: ['keyid', '*.keyid', 'secret', '*.secret', 'password', '*.password', 'headers.authorization', 'req.headers.authorization', 'req.headers["x-shopcast-signature"]'],
      censor: '***',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (!TEE_FILE) return pino(options, destination);
  // Synchronous appends: a process that exits at once (a CLI command, a stopped service) loses no line.
  tee ??= pino.destination({ dest: TEE_FILE, append: true, sync: true });
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: tee }];
  if (level !== 'silent') streams.push({ level: level as pino.Level, stream: destination ?? pino.destination(process.stdout.fd || 1) });
  return pino({ ...options, level: 'trace' }, pino.multistream(streams));
}

/** +33612345678 -> +3361234**78: enough to recognise a number in a log, not enough to use it. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '***';
  return `${phone.slice(0, -4)}**${phone.slice(-2)}`;
}
