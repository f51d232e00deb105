// The loaders' jobctl commands (extract-*, boards, archive-restore, export, rescore, users,
// feedback); the jobctl workspace routes fake-api and the notifier's commands elsewhere. Parsing is
// pure (parseCommand); main() does the I/O and returns the exit code: 0 ok (also partial), 1
// nothing could be done, 2 bad usage/configuration.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type ArchiveSummary, archivePending, emptyArchiveSummary } from './archive/archive.ts';
import { archiveLocation, daysBetween } from './archive/location.ts';
import { restoreArchive } from './archive/restore.ts';
import { type ArchiveStore, openStore } from './archive/store.ts';
import { ConfigError, type LoaderConfig, loadConfig, requireKey } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { addBoard, BoardSourceError, listBoards, removeBoard } from './pipeline/board-sources.ts';
import { boardPostingsResource, extractBoards } from './pipeline/extract-boards.ts';
import { extractCompanies } from './pipeline/extract-companies.ts';
import { extractJobs } from './pipeline/extract-jobs.ts';
import { cleanReason, FeedbackError, type FeedbackKind, isFeedbackKind, recordFeedback } from './pipeline/feedback.ts';
import { runRescore } from './pipeline/rescore.ts';
import type { Resource } from './pipeline/resource.ts';
import { BoardClients, BoardTokenError } from './sources/boards/client.ts';
import { BOARD_SOURCES, boardSource, UnknownAtsError } from './sources/boards/registry.ts';
import { companiesResource } from './sources/glassdoor/resource.ts';
import { ProfileError } from './sources/jsearch/request.ts';
import { jobPostingsResource } from './sources/jsearch/resource.ts';
import { inviteUser, normaliseEmail } from './users.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

// Exit code of an extract whose every profile, board or lookup failed at the API after the one
// retry policy (README "Retries"): a clean, final outcome that Airflow must not retry, unlike a
// crash (exit 1).
export const EXIT_API_GAVE_UP = 3;

export const USAGE = `Usage: jobctl <command> [options]

Commands
  extract-jobs [--profile ID] [--run-id ID]
      Land raw JSearch postings for every active profile (or one) into raw.jsearch_job_postings.
      Writes one raw.dwh_loads row per profile (load_status finished|failed; finished with an
      error_message = partial). Logs are JSON lines on stderr; the last line on stdout is a JSON
      summary {"command","run_id","status","profiles":[…],"totals":{…}}.
      After landing, every finished load not yet archived is written to ARCHIVE_URL (default
      out/archive/<database>/) as gzip NDJSON + manifest; the summary's "archive" says {objects,rows,bytes,failed}.
      Exit 0 when at least one profile landed (or there was nothing to do), 1 when every profile
      failed, 2 on bad usage or configuration.
  extract-companies [--run-id ID] [--limit N]
      Queue new employers from staging.jsearch_job_postings, look due ones up on Glassdoor and land
      the matched company into raw.glassdoor_companies. Same logging and summary conventions.
  extract-boards [--board ID] [--run-id ID]
      Fetch every active watched career board (marts.board_sources; or one) through its ATS module
      and land the postings into raw.board_job_postings, one load per board. A board that fails
      (404: wrong token; 5xx; garbage, quarantined) gets last_status not_found|failed and the run
      goes on. Summary: {"command","status","boards":[…],"postings_by_source":{ats: n},"totals"}.
      Exit 0 when at least one board was fetched (or there was none), 1 when every board failed.
  boards add --ats ATS --board TOKEN [--company NAME]
  boards list
  boards remove --ats ATS --board TOKEN
  boards test --ats ATS --board TOKEN
  boards ats
      Manage the watched boards (ATS: ${[...BOARD_SOURCES.keys()].join(' | ')}). add validates the ATS and the
      token and re-activates a board already there; test fetches the board once (nothing stored) and
      prints how many postings it lists; ats lists the ATS modules. One JSON line on stdout; exit 2 on
      bad input, 1 when remove found nothing or test failed.
  archive-restore --from YYYY-MM-DD [--to YYYY-MM-DD] [--source jsearch|glassdoor]
      Re-land the archived raw objects of those UTC load days (default --to = --from, both
      sources) from ARCHIVE_URL into raw, keeping their load ids; loads already present are
      skipped, so restoring twice adds nothing. Prints a JSON summary; exit 1 when an object
      could not be restored.
  export [--format parquet|csv] [--to URL]
      Write the marts and analytics models as files; see jobctl export --help.
  rescore --profile ID
      Rescore one profile now (after an edit): dbt run of dim_ranking for that profile's rows only
      (var rescore_profile_id). DBT_EXECUTABLE and DBT_PROJECT_DIR override where dbt is. Exit 0
      when dbt succeeded, 1 when it failed.
  users invite EMAIL [--admin]
      Create an account of the profile app (or, with --admin, make it an admin); the person signs
      in at /login with a link mailed to EMAIL. Profiles without an owner go to the first admin.
      Idempotent. Prints {"command":"users invite","user_id","created","role","profiles_assigned"}.
  feedback --profile ID --job JOB_ID --kind not_interested|applied [--reason TEXT]
      Record what the person thinks of a job for one profile (marts.job_feedback): the job, and
      any board copy of it, is hidden from that profile's top jobs and never mailed to it again.
      Prints {"command":"feedback","profile_id","job_id","kind","status":"recorded|updated"}.
      Exit 1 when the profile or the job does not exist, 2 on bad usage.
`;

export type Command =
  | { name: 'help' }
  | { name: 'extract-jobs'; profileId?: number; runId?: string }
  | { name: 'extract-companies'; runId?: string; limit?: number }
  | { name: 'rescore'; profileId: number }
  | { name: 'feedback'; profileId: number; jobId: string; kind: FeedbackKind; reason?: string }
  | { name: 'extract-boards'; boardSourceId?: number; runId?: string }
  | {
      name: 'boards';
      action: 'add' | 'list' | 'remove' | 'test' | 'ats';
      ats?: string;
      board?: string;
      company?: string;
    }
  | { name: 'archive-restore'; from: string; to: string; sources: Array<'jsearch' | 'glassdoor'> }
  | { name: 'users-invite'; email: string; admin: boolean };

function int(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new UsageError(`${flag} must be an integer >= ${min}, got "${value}"`);
  return number;
}

export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return { name: 'help' };
  const parse = (options: Record<string, { type: 'string' | 'boolean' }>, args = rest) => {
    try {
      return parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, allowPositionals: false })
        .values as Record<string, string | boolean | undefined>;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
  switch (name) {
    case 'extract-jobs': {
      const values = parse({ profile: { type: 'string' }, 'run-id': { type: 'string' } });
      if (values.help) return { name: 'help' };
      return {
        name,
        profileId: int(values.profile as string | undefined, '--profile', 1),
        runId: values['run-id'] as string | undefined,
      };
    }
    case 'extract-boards': {
      const values = parse({ board: { type: 'string' }, 'run-id': { type: 'string' } });
      if (values.help) return { name: 'help' };
      return {
        name,
        boardSourceId: int(values.board as string | undefined, '--board', 1),
        runId: values['run-id'] as string | undefined,
      };
    }
    case 'boards': {
      const [action, ...options] = rest;
      if (action !== 'add' && action !== 'list' && action !== 'remove' && action !== 'test' && action !== 'ats')
        throw new UsageError('boards needs one of add | list | remove | test | ats');
      let values: Record<string, string | boolean | undefined>;
      try {
        values = parseArgs({
          args: options,
          options: { ats: { type: 'string' }, board: { type: 'string' }, company: { type: 'string' } },
          allowPositionals: false,
        }).values;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const ats = values.ats as string | undefined;
      const board = values.board as string | undefined;
      if ((action === 'add' || action === 'remove' || action === 'test') && (!ats || !board))
        throw new UsageError(`boards ${action} needs --ats ATS and --board TOKEN`);
      return { name, action, ats, board, company: values.company as string | undefined };
    }
    case 'rescore': {
      const values = parse({ profile: { type: 'string' } });
      if (values.help) return { name: 'help' };
      const profileId = int(values.profile as string | undefined, '--profile', 1);
      if (profileId === undefined) throw new UsageError('rescore needs --profile ID');
      return { name, profileId };
    }
    case 'feedback': {
      const values = parse({
        profile: { type: 'string' },
        job: { type: 'string' },
        kind: { type: 'string' },
        reason: { type: 'string' },
      });
      if (values.help) return { name: 'help' };
      const profileId = int(values.profile as string | undefined, '--profile', 1);
      const jobId = (values.job as string | undefined)?.trim();
      const kind = values.kind as string | undefined;
      if (profileId === undefined || !jobId || !kind) {
        throw new UsageError('feedback needs --profile ID --job JOB_ID --kind not_interested|applied');
      }
      if (!isFeedbackKind(kind)) throw new UsageError(`--kind must be not_interested or applied, got "${kind}"`);
      let reason: string | null;
      try {
        reason = cleanReason(values.reason as string | undefined);
      } catch (error) {
        if (error instanceof FeedbackError) throw new UsageError(error.message);
        throw error;
      }
      return { name, profileId, jobId, kind, ...(reason === null ? {} : { reason }) };
    }
    case 'extract-companies': {
      const values = parse({ 'run-id': { type: 'string' }, limit: { type: 'string' } });
      if (values.help) return { name: 'help' };
      return {
        name,
        runId: values['run-id'] as string | undefined,
        limit: int(values.limit as string | undefined, '--limit', 1),
      };
    }
    case 'archive-restore': {
      const values = parse({ from: { type: 'string' }, to: { type: 'string' }, source: { type: 'string' } });
      if (values.help) return { name: 'help' };
      const from = values.from as string | undefined;
      if (!from) throw new UsageError('archive-restore needs --from YYYY-MM-DD');
      const to = (values.to as string | undefined) ?? from;
      for (const [flag, day] of [
        ['--from', from],
        ['--to', to],
      ])
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day as string) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
          throw new UsageError(`${flag} must be a date YYYY-MM-DD, got "${day}"`);
      if (to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
      const source = values.source as string | undefined;
      if (source !== undefined && source !== 'jsearch' && source !== 'glassdoor')
        throw new UsageError(`--source must be jsearch or glassdoor, got "${source}"`);
      return { name, from, to, sources: source ? [source] : ['jsearch', 'glassdoor'] };
    }
    case 'users': {
      const [action, email, ...flags] = rest;
      if (action === '--help' || action === undefined) return { name: 'help' };
      if (action !== 'invite') throw new UsageError(`unknown users action "${action}" (try jobctl users invite EMAIL)`);
      const values = parse({ admin: { type: 'boolean' } }, flags);
      if (values.help) return { name: 'help' };
      const normalised = normaliseEmail(email ?? '');
      if (!normalised) throw new UsageError('users invite needs one plain e-mail address (name@example.com)');
      return { name: 'users-invite', email: normalised, admin: values.admin === true };
    }
    default:
      throw new UsageError(`unknown command "${name}" (try jobctl --help)`);
  }
}

function progressReporter(): ((message: string) => void) | undefined {
  if (!process.stderr.isTTY || process.env.LOG_LEVEL === 'silent') return undefined;
  return (message) => process.stderr.write(`\r\x1b[2K${message}`);
}

async function withPool<T>(config: LoaderConfig, logger: Logger, run: (pool: pg.Pool) => Promise<T>): Promise<T> {
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is not set');
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2, application_name: 'jobctl' });
  // An idle pooled connection that dies emits 'error' on the pool; unhandled, it ends the process.
  pool.on('error', (error) =>
    logger.error({ err: `${error.name}: ${error.message}` }, 'idle database connection lost'),
  );
  try {
    return await run(pool);
  } finally {
    await pool.end();
  }
}

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// out/ is shared by every DATABASE_URL, so the default archive is a folder per database.
export function defaultArchiveDir(databaseUrl: string | undefined): string {
  let database = 'default';
  try {
    database = decodeURIComponent(new URL(databaseUrl ?? '').pathname.slice(1)) || database;
  } catch {}
  return join(repositoryRoot, 'out', 'archive', database.replace(/[^A-Za-z0-9_.-]/g, '_'));
}
const SOURCE_RESOURCES: Record<'jsearch' | 'glassdoor', Resource> = {
  jsearch: jobPostingsResource,
  glassdoor: companiesResource,
};

// After landing: archive what is not archived yet. Never throws, so landing's outcome stands.
async function archiveAfterLanding(
  config: LoaderConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
  resource: Resource,
): Promise<ArchiveSummary> {
  let url = 'archive';
  let store: ArchiveStore | undefined;
  try {
    const location = archiveLocation(env, defaultArchiveDir(config.databaseUrl));
    url = location.url;
    const opened = await openStore(location);
    store = opened;
    return await withPool(config, logger, (pool) => archivePending(pool, opened, resource, logger));
  } catch (error) {
    const summary = emptyArchiveSummary(url);
    summary.failed = 1;
    summary.errors.push(`${(error as Error).name}: ${(error as Error).message}`.split('\n')[0] as string);
    logger.error({ err: summary.errors[0] }, 'archive step failed; the next run retries it');
    return summary;
  } finally {
    store?.close();
  }
}

async function runBoards(
  command: Extract<Command, { name: 'boards' }>,
  env: Record<string, string | undefined>,
): Promise<number> {
  const print = (body: Record<string, unknown>) =>
    process.stdout.write(`${JSON.stringify({ command: `boards ${command.action}`, ...body })}\n`);
  if (command.action === 'ats') {
    print({
      ats: [...BOARD_SOURCES.values()].map((source) => ({
        ats: source.ats,
        label: source.label,
        token_hint: source.tokenHint,
      })),
    });
    return 0;
  }
  const config = loadConfig(env);
  const logger = createLogger(env.LOG_LEVEL ?? 'warn');
  if (command.action === 'test') {
    // One fetch, nothing stored: what the app's "test fetch" button shows.
    const source = boardSource(String(command.ats).trim().toLowerCase());
    const stats = { calls: 0, errors: 0, retries: 0 };
    try {
      const checked = await new BoardClients(env, config.http, logger).fetchBoard(source, String(command.board), stats);
      if (!checked.ok) {
        print({ ok: false, status: 'failed', error: `unusable answer: ${checked.reason}` });
        return 1;
      }
      print({ ok: true, status: 'ok', postings: checked.accepted.length, rejected: checked.rejected.length });
      return 0;
    } catch (error) {
      const status = (error as { status?: number }).status === 404 ? 'not_found' : 'failed';
      const message =
        status === 'not_found'
          ? `${source.label} has no board "${command.board}" (HTTP 404): check the board token`
          : `${(error as Error).name}: ${(error as Error).message}`;
      if (error instanceof BoardTokenError) throw error;
      print({ ok: false, status, error: message });
      return 1;
    }
  }
  return withPool(config, logger, async (pool) => {
    if (command.action === 'list') {
      print({ boards: await listBoards(pool) });
      return 0;
    }
    if (command.action === 'add') {
      const { row, created } = await addBoard(pool, {
        ats: String(command.ats),
        board: String(command.board),
        company: command.company,
      });
      print({ created, board: row });
      return 0;
    }
    const removed = await removeBoard(pool, String(command.ats), String(command.board));
    print({ removed });
    if (!removed) process.stderr.write(`BoardSourceError: no watched board ${command.ats}/${command.board}\n`);
    return removed ? 0 : 1;
  });
}

// The loaders' commands of jobctl (the jobctl workspace routes the others); `usage` is what --help prints.
export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  usage: string = USAGE,
): Promise<number> {
  if (argv[0] === 'export') return (await import('./export/cli.ts')).main(argv.slice(1), env);
  try {
    const command = parseCommand(argv);
    switch (command.name) {
      case 'help':
        process.stdout.write(usage);
        return 0;
      case 'users-invite': {
        const config = loadConfig(env);
        const logger = createLogger(env.LOG_LEVEL);
        const summary = await withPool(config, logger, (pool) => inviteUser(pool, command.email, command.admin));
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return 0;
      }
      case 'rescore': {
        const code = await runRescore(command.profileId, env);
        if (code !== 0) process.stderr.write(`RescoreError: dbt exited with ${code}\n`);
        return code === 0 ? 0 : 1;
      }
      case 'feedback': {
        const config = loadConfig(env);
        const logger = createLogger(env.LOG_LEVEL);
        const result = await withPool(config, logger, (pool) => recordFeedback(pool, command));
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return 0;
      }
      case 'extract-jobs': {
        const config = loadConfig(env);
        requireKey(config.jsearch, 'JSEARCH');
        const logger = createLogger(env.LOG_LEVEL);
        const summary = await withPool(config, logger, (pool) =>
          extractJobs(pool, config, logger, {
            profileId: command.profileId,
            runId: command.runId,
            onProgress: progressReporter(),
          }),
        );
        if (process.stderr.isTTY) process.stderr.write('\n');
        const archive = await archiveAfterLanding(config, env, logger, jobPostingsResource);
        process.stdout.write(`${JSON.stringify({ ...summary, archive })}\n`);
        if (summary.status === 'failed' || summary.status === 'skipped') {
          const first = summary.profiles.find((profile) => profile.error)?.error ?? 'every profile failed';
          process.stderr.write(`ExtractError: nothing could be extracted (${first})\n`);
          return summary.status === 'failed' ? EXIT_API_GAVE_UP : 1;
        }
        return 0;
      }
      case 'extract-boards': {
        const config = loadConfig(env);
        const logger = createLogger(env.LOG_LEVEL);
        const summary = await withPool(config, logger, (pool) =>
          extractBoards(pool, config, env, logger, { runId: command.runId, boardSourceId: command.boardSourceId }),
        );
        // Archived like JSearch's loads: one object per finished board load, under raw/board_job_postings/.
        let archive: ArchiveSummary | undefined;
        for (const ats of BOARD_SOURCES.keys()) {
          const part = await archiveAfterLanding(config, env, logger, boardPostingsResource(ats));
          archive = archive
            ? {
                ...archive,
                objects: archive.objects + part.objects,
                rows: archive.rows + part.rows,
                bytes: archive.bytes + part.bytes,
                failed: archive.failed + part.failed,
                errors: [...archive.errors, ...part.errors],
              }
            : part;
        }
        process.stdout.write(`${JSON.stringify({ ...summary, archive })}\n`);
        if (summary.status === 'failed' || summary.status === 'skipped') {
          const first = summary.boards.find((board) => board.error)?.error ?? 'another extract-boards is running';
          process.stderr.write(`ExtractError: no board could be fetched (${first})\n`);
          return summary.status === 'failed' ? EXIT_API_GAVE_UP : 1;
        }
        return 0;
      }
      case 'boards':
        return await runBoards(command, env);
      case 'archive-restore': {
        const config = loadConfig(env);
        const logger = createLogger(env.LOG_LEVEL);
        const store = await openStore(archiveLocation(env, defaultArchiveDir(config.databaseUrl)));
        try {
          const summary = await withPool(config, logger, (pool) =>
            restoreArchive(
              pool,
              store,
              command.sources.map((source) => SOURCE_RESOURCES[source]),
              daysBetween(command.from, command.to),
              logger,
              config.batchSize,
            ),
          );
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          return summary.failed ? 1 : 0;
        } finally {
          store.close();
        }
      }
      case 'extract-companies': {
        const config = loadConfig(env);
        requireKey(config.glassdoor, 'GLASSDOOR');
        const logger = createLogger(env.LOG_LEVEL);
        const summary = await withPool(config, logger, (pool) =>
          extractCompanies(pool, config, logger, {
            runId: command.runId,
            limit: command.limit,
            onProgress: progressReporter(),
          }),
        );
        if (process.stderr.isTTY) process.stderr.write('\n');
        const archive = await archiveAfterLanding(config, env, logger, companiesResource);
        process.stdout.write(`${JSON.stringify({ ...summary, archive })}\n`);
        if (summary.status === 'failed') {
          process.stderr.write('ExtractError: no company could be looked up\n');
          return EXIT_API_GAVE_UP;
        }
        return 0;
      }
    }
  } catch (error) {
    const known =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof ProfileError ||
      error instanceof UnknownAtsError ||
      error instanceof BoardTokenError ||
      error instanceof BoardSourceError;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`${message.split('\n')[0]}\n`);
    return known ? 2 : 1;
  }
}
