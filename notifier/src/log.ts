// JSON lines to stderr: stdout carries only the one-line run summary that Airflow records.
import pino from 'pino';

export const logger = pino({ name: 'notifier', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
export type Logger = typeof logger;
