// extract-companies: queue new employers, look each due one up on Glassdoor, pick the right
// company from the loose results, land it raw and record the outcome on the queue row.
import type pg from 'pg';
import type { LoaderConfig } from '../config.ts';
import { type ApiCallStats, newStats } from '../http/client.ts';
import type { Logger } from '../log.ts';
import { GlassdoorClient } from '../sources/glassdoor/client.ts';
import { selectCompany } from '../sources/glassdoor/match.ts';
import { companiesResource, companyRow } from '../sources/glassdoor/resource.ts';
import { glassdoorShape } from '../sources/glassdoor/schema.ts';
import type { LoadStamp } from '../sources/jsearch/resource.ts';
import { newLoadId, utcDate } from './ids.ts';
import { markLoadFailed, type QuarantineRecord, RawLoader } from './load.ts';
import { isAggregator } from './lookup-key.ts';
import { isRequestError, type LookupAnswer, lookupAnswer } from './page-plan.ts';
import type { Row } from './resource.ts';
import { checkResponseText } from './validate.ts';

export interface QueueEntry {
  company_lookup_key: string;
  employer_name: string;
  employer_website: string | null;
  attempt_count: number;
}

// Failed lookups wait 1 h, 4 h, 16 h, … (capped at 7 days); not_found waits 30 days; after
// MAX_ATTEMPTS a key is left alone until someone resets it.
export const MAX_ATTEMPTS = 6;
export function nextAttemptDelayMs(status: 'error' | 'not_found', attempts: number): number {
  if (status === 'not_found') return 30 * 24 * 3600_000;
  return Math.min(7 * 24 * 3600_000, 3600_000 * 4 ** Math.max(0, attempts - 1));
}

export interface EmployerRow {
  employer_name: string | null;
  employer_website: string | null;
  /** staging.company_lookup_key(employer_name), computed by the warehouse. */
  company_lookup_key: string | null;
}

/** The warehouse's lookup key of each name, in order (the key has one implementation, in SQL). */
export async function lookupKeysOf(
  client: pg.ClientBase | pg.Pool,
  names: readonly string[],
): Promise<(string | null)[]> {
  const { rows } = await client.query<{ key: string | null }>(
    'select staging.company_lookup_key(name) as key from unnest($1::text[]) with ordinality as names(name, n) order by n',
    [names],
  );
  return rows.map((row) => row.key);
}

// Pure: distinct, non-aggregator employers keyed on the lookup key (first name/website seen wins).
export function employersToQueue(rows: EmployerRow[]): Map<string, { name: string; website: string | null }> {
  const byKey = new Map<string, { name: string; website: string | null }>();
  for (const row of rows) {
    const name = row.employer_name?.trim();
    if (!name) continue;
    const key = row.company_lookup_key;
    if (!key || isAggregator(key)) continue;
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, { name, website: row.employer_website?.trim() || null });
    else if (!existing.website && row.employer_website?.trim()) existing.website = row.employer_website.trim();
  }
  return byKey;
}

export async function enqueueEmployers(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<EmployerRow>(
    `select employer_name, max(employer_website) as employer_website,
            staging.company_lookup_key(employer_name) as company_lookup_key
       from (
         select employer_name, employer_website from staging.jsearch_job_postings
         union all
         -- Watched career boards' employers are enriched like JSearch's.
         select company_name, null from marts.board_sources where company_name is not null
       ) as employers
      where employer_name is not null
      group by employer_name`,
  );
  const employers = employersToQueue(rows);
  if (!employers.size) return 0;
  const result = await client.query(
    `insert into staging.company_enrichment_queue
       (company_lookup_key, employer_name, employer_website, enrichment_status, attempt_count, created_at)
     select key, name, website, 'pending', 0, now()
       from unnest($1::text[], $2::text[], $3::text[]) as e(key, name, website)
     on conflict (company_lookup_key) do nothing`,
    [[...employers.keys()], [...employers.values()].map((e) => e.name), [...employers.values()].map((e) => e.website)],
  );
  return result.rowCount ?? 0;
}

export interface ExtractCompaniesSummary {
  command: 'extract-companies';
  run_id: string | null;
  load_id: string;
  status: 'success' | 'partial' | 'failed' | 'nothing_to_do';
  queued: number;
  looked_up: number;
  matched: number;
  not_found: number;
  errors: number;
  quarantined: number;
  api_calls: number;
  api_errors: number;
  retries: number;
  stopped_early: string | null;
  duration_s: number;
}

interface LookupResult {
  status: 'success' | 'not_found' | 'error';
  lastError: string | null;
  matchedId: string | null;
  rows: Row[];
  quarantine: QuarantineRecord[];
}

// One due employer: one Glassdoor request (the client retried it), what its answer means
// (page-plan.ts), then the match. `stop` when a spent quota ends the run's lookups.
async function lookUp(
  api: GlassdoorClient,
  client: pg.ClientBase,
  entry: QueueEntry,
  stats: ApiCallStats,
  stamp: LoadStamp,
  logger: Logger,
): Promise<LookupResult | { stop: string }> {
  const key = entry.company_lookup_key;
  let answer: LookupAnswer;
  try {
    const response = await api.companySearch(entry.employer_name, stats);
    answer = lookupAnswer({ check: checkResponseText(response.text, glassdoorShape) });
  } catch (error) {
    if (!isRequestError(error)) throw error;
    answer = lookupAnswer({ error });
  }
  if (answer.kind === 'stop') return { stop: answer.error };
  const result: LookupResult = { status: 'error', lastError: null, matchedId: null, rows: [], quarantine: [] };
  if (answer.kind === 'error') {
    result.lastError = answer.error;
    if (answer.unusable) {
      const { reason, rawText, rawLength } = answer.unusable;
      result.quarantine.push({ reason, rawText, rawLength, companyLookupKey: key });
    }
    return result;
  }
  for (const rejected of answer.check.rejected) result.quarantine.push({ ...rejected, companyLookupKey: key });
  // Candidates are keyed by the warehouse, the lookup key's one implementation.
  const names = answer.check.accepted.map(({ item }) => String((item as { name: unknown }).name ?? ''));
  const keys = await lookupKeysOf(client, names);
  const candidates = answer.check.accepted.map(({ item, id }, index) => ({
    ...(item as { name: string }),
    company_id: id,
    item,
    lookupKey: keys[index] ?? null,
  }));
  const match = selectCompany({ lookupKey: key, website: entry.employer_website }, candidates);
  if (!match) return { ...result, status: 'not_found' };
  logger.debug({ key, company: match.company.name, rule: match.rule, score: match.score }, 'matched');
  return {
    ...result,
    status: 'success',
    matchedId: match.company.company_id,
    rows: [companyRow(match.company.item, match.company.company_id, key, stamp)],
  };
}

// Pure: the run's status from its counts (an early stop or any error makes it partial, or failed
// when nothing was looked up successfully).
export function companiesRunStatus(
  summary: Pick<ExtractCompaniesSummary, 'looked_up' | 'matched' | 'not_found' | 'errors' | 'stopped_early'>,
  failure: string | null,
): ExtractCompaniesSummary['status'] {
  if (failure) return 'failed';
  if (summary.looked_up === 0 && !summary.stopped_early) return 'nothing_to_do';
  if (summary.errors === 0 && !summary.stopped_early) return 'success';
  return summary.matched + summary.not_found > 0 ? 'partial' : 'failed';
}

export async function extractCompanies(
  pool: pg.Pool,
  config: LoaderConfig,
  logger: Logger,
  options: { runId?: string; now?: () => Date; limit?: number; onProgress?: (message: string) => void } = {},
): Promise<ExtractCompaniesSummary> {
  const started = Date.now();
  const now = options.now?.() ?? new Date();
  const api = new GlassdoorClient(config.glassdoor, config.http, logger);
  const stats = newStats();
  const client = await pool.connect();
  // Without a listener, a connection dying between queries would end the process unrecorded.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
    logger.error({ err: `${error.name}: ${error.message}` }, 'database connection error');
  };
  client.on('error', onError);
  const loader = new RawLoader(client, companiesResource);
  const loadId = newLoadId('glassdoor', 'companies', now);
  const stamp: LoadStamp = { loadId, loadDate: utcDate(now), loadTimestamp: now.toISOString() };
  const summary: ExtractCompaniesSummary = {
    command: 'extract-companies',
    run_id: options.runId ?? null,
    load_id: loadId,
    status: 'success',
    queued: 0,
    looked_up: 0,
    matched: 0,
    not_found: 0,
    errors: 0,
    quarantined: 0,
    api_calls: 0,
    api_errors: 0,
    retries: 0,
    stopped_early: null,
    duration_s: 0,
  };
  let failure: string | null = null;
  try {
    if (!(await loader.tryLockScope('all'))) throw new Error('another jobctl extract-companies is running');
    await loader.abandonStaleLoads(null);
    await loader.beginLoad({ loadId, dagRunId: options.runId ?? null });
    summary.queued = await enqueueEmployers(client);
    const { rows: due } = await client.query<QueueEntry>(
      `select company_lookup_key, employer_name, employer_website, attempt_count
         from staging.company_enrichment_queue
        where enrichment_status in ('pending', 'error', 'not_found')
          and attempt_count < $1
          and (next_attempt_at is null or next_attempt_at <= $2)
        order by attempt_count, created_at, company_lookup_key
        limit $3`,
      [MAX_ATTEMPTS, now, options.limit ?? config.glassdoor.batchSize],
    );
    logger.info({ queued: summary.queued, due: due.length }, 'extract-companies starting');

    for (const [index, entry] of due.entries()) {
      options.onProgress?.(`[${index + 1}/${due.length}] ${entry.employer_name}`);
      summary.looked_up += 1;
      const key = entry.company_lookup_key;
      const result = await lookUp(api, client, entry, stats, stamp, logger);
      if ('stop' in result) {
        summary.stopped_early = result.stop;
        summary.looked_up -= 1;
        logger.error({ err: summary.stopped_early }, 'quota exceeded: stopping lookups for this run');
        break;
      }
      const { status, lastError, matchedId, rows, quarantine } = result;
      const attempts = entry.attempt_count + 1;
      const retryAt = status === 'success' ? null : new Date(now.getTime() + nextAttemptDelayMs(status, attempts));
      await loader.landBatch(loadId, rows, quarantine, async (tx) => {
        await tx.query(
          `update staging.company_enrichment_queue
              set enrichment_status = $2, attempt_count = $3, last_attempt_at = $4, next_attempt_at = $5,
                  last_error = $6, matched_company_id = coalesce($7, matched_company_id)
            where company_lookup_key = $1`,
          [key, status, attempts, now, retryAt, lastError, matchedId],
        );
      });
      summary.quarantined += quarantine.length;
      if (status === 'success') summary.matched += 1;
      else if (status === 'not_found') summary.not_found += 1;
      else summary.errors += 1;
    }
  } catch (error) {
    failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error({ err: failure }, 'extract-companies failed');
  } finally {
    summary.api_calls = stats.calls;
    summary.api_errors = stats.errors;
    summary.retries = stats.retries;
    summary.duration_s = Math.round((Date.now() - started) / 10) / 100;
    summary.status = companiesRunStatus(summary, failure);
    await loader
      .endLoad(
        loadId,
        failure ? 'failed' : 'finished',
        {
          rowCount: summary.matched,
          quarantinedCount: summary.quarantined,
          apiCallCount: stats.calls,
          apiErrorCount: stats.errors,
        },
        failure ?? summary.stopped_early,
      )
      .catch(async (endError) => {
        // This connection is gone: record the outcome on a fresh one.
        broken ??= endError;
        summary.status = 'failed';
        await markLoadFailed(pool, loadId, `interrupted: ${failure ?? endError.message}`).catch(() => false);
      });
    await loader.unlockScope('all').catch(() => undefined);
    client.off('error', onError);
    client.release(broken);
  }
  logger.info(summary, 'extract-companies finished');
  return summary;
}
