import pino from 'pino';

export type Logger = pino.Logger;

// JSON lines on stderr (stdout is kept for the one-line run summary). Header and key fields are
// redacted in case anything ever logs a request object.
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'jobctl' },
      redact: {
        paths: ['headers["x-api-key"]', 'headers["X-RapidAPI-Key"]', 'apiKey', '*.apiKey'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
