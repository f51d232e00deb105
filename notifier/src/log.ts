// JSON lines to stderr: stdout carries only the one-line run summary that Airflow records.
import pino from 'pino';

// Synchronous: Airflow reads the last line of stdout and stderr merged as the run's summary, so no
// log line may land after it (an asynchronous destination did, now and then, even after flush()).
export const logger = pino(
  { name: 'notifier', level: process.env.LOG_LEVEL ?? 'info' },
  pino.destination({ dest: 2, sync: true }),
);
export type Logger = typeof logger;
