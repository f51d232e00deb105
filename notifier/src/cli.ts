// The notifier's only process boundary: parse argv, load config once, run, print, return the
// exit code. jobctl calls main(['notify', …]), main(['smtp-sink', …]) and main(['chat-sink', …]).
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startChatSink } from './chat-sink.ts';
import { ConfigError, loadConfig, redactUrl } from './config.ts';
import { LinkSecretError, loadLinkSecret } from './link-token.ts';
import { logger } from './log.ts';
import { exitCodeFor, runNotify } from './notify.ts';
import { profileExists } from './queries.ts';
import { createMailer } from './send.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { loadDigestTemplate } from './templates.ts';

export const USAGE = `usage:
  notify [--profile ID] [--outbox DIR] [--dry-run] [--run-id ID] [--date YYYY-MM-DD]
      Mail each active profile its digest of new top jobs (SMTP_URL, MAIL_FROM, NOTIFY_TOP_N,
      UI_PUBLIC_URL). --outbox also writes .eml + .html; --dry-run sends and
      records nothing and prints what it would send.
  smtp-sink [--port N] [--host H] [--dir DIR]
      Local SMTP sink: accepts everything, writes each message to DIR as .eml.
  chat-sink [--port N] [--host H] [--dir DIR]
      Local chat-webhook sink (demo, tests): accepts any POST, writes each to DIR as .json.`;

class UsageError extends Error {
  override name = 'UsageError';
}

type ParseOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

// parseArgs throws TypeErrors; report them as usage errors with the usage text.
function parseFlags<T extends ParseOptions>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

const printLine = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function positive(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a whole number (got "${raw}")`);
  return value;
}

function printUsage(): number {
  process.stdout.write(`${USAGE}\n`);
  return 0;
}

async function notifyCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    profile: { type: 'string' },
    outbox: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'run-id': { type: 'string' },
    date: { type: 'string' },
  });
  if (values.help) return printUsage();
  const config = loadConfig(process.env);
  const linkSecret = linkSecretOrConfigError();
  const dryRun = values['dry-run'] ?? false;
  const outboxDir = values.outbox ? resolve(values.outbox) : null;
  if (!dryRun && !config.smtpUrl && !outboxDir) {
    throw new ConfigError('nothing to deliver with: set SMTP_URL, or pass --outbox DIR (or --dry-run)');
  }
  const digestDate = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(digestDate)) throw new UsageError(`--date must be YYYY-MM-DD (got "${digestDate}")`);
  const runId = values['run-id']?.trim() || `manual-${new Date().toISOString()}-${randomUUID().slice(0, 6)}`;
  const profileId = positive(values.profile, '--profile');

  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: Math.max(2, config.concurrency) });
  const mailer =
    config.smtpUrl || outboxDir
      ? createMailer({
          from: config.mailFrom,
          smtpUrl: dryRun ? null : config.smtpUrl,
          outboxDir,
          maxConnections: config.concurrency,
        })
      : null;
  try {
    if (profileId !== undefined && !(await profileExists(pool, profileId))) {
      throw new UsageError(`profile ${profileId} does not exist`);
    }
    const template = await loadDigestTemplate();
    logger.info(
      { run_id: runId, smtp: config.smtpUrl ? redactUrl(config.smtpUrl) : null, outbox: outboxDir, dry_run: dryRun },
      'notify starting',
    );
    const summary = await runNotify(
      {
        topN: config.topN,
        uiPublicUrl: config.uiPublicUrl,
        runId,
        digestDate,
        dryRun,
        concurrency: config.concurrency,
        linkSecret,
        mailFrom: config.mailFrom,
        ...(profileId !== undefined ? { profileId } : {}),
      },
      { pool, template, mailer: dryRun && !outboxDir ? null : mailer, logger },
    );
    // The logs are written asynchronously; flush them first, so the summary is the last line even
    // where stderr and stdout share one pipe (Airflow's BashOperator reads the last line as XCom).
    await new Promise<void>((done) => logger.flush(() => done()));
    printLine(summary);
    return exitCodeFor(summary);
  } finally {
    await mailer?.close();
    await pool.end();
  }
}

/** LINK_SIGNING_SECRET or the one under .local/; a bad one is a configuration error (exit 2). */
function linkSecretOrConfigError(): string {
  try {
    return loadLinkSecret(process.env);
  } catch (error) {
    if (error instanceof LinkSecretError) throw new ConfigError(error.message);
    throw error;
  }
}

async function smtpSinkCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
  });
  if (values.help) return printUsage();
  // Listen for the stop signal before announcing the port: a supervisor may signal right away.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  const sink = await startSmtpSink({
    port: positive(values.port, '--port') ?? 2525,
    host: values.host ?? '127.0.0.1',
    dir: values.dir ? resolve(values.dir) : null,
  });
  printLine({
    event: 'smtp_sink_listening',
    host: sink.host,
    port: sink.port,
    dir: values.dir ? resolve(values.dir) : null,
  });
  await stopped;
  await sink.close();
  logger.info({ received: sink.received() }, 'smtp sink stopped');
  return 0;
}

async function chatSinkCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
  });
  if (values.help) return printUsage();
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  const dir = values.dir ? resolve(values.dir) : null;
  const sink = await startChatSink({
    port: positive(values.port, '--port') ?? 0,
    host: values.host ?? '127.0.0.1',
    dir,
  });
  printLine({ event: 'chat_sink_listening', host: sink.host, port: sink.port, url: sink.url, dir });
  await stopped;
  await sink.close();
  logger.info({ received: sink.received().length }, 'chat sink stopped');
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'notify') return await notifyCommand(rest);
    if (command === 'smtp-sink') return await smtpSinkCommand(rest);
    if (command === 'chat-sink') return await chatSinkCommand(rest);
    if (command === '--help' || command === '-h' || command === 'help') return printUsage();
    throw new UsageError(`unknown command "${command ?? ''}"\n${USAGE}`);
  } catch (error) {
    const failure = error as Error;
    const name = failure?.name ?? 'Error';
    process.stderr.write(`${name}: ${failure?.message ?? String(error)}\n`);
    if (error instanceof ConfigError || error instanceof UsageError) return 2;
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
