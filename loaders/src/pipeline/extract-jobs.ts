// extract-jobs: for each active profile, one load: search → validate → land in batches.
// A profile's failure is recorded (raw.dwh_loads + summary) and the next profile still runs.
import type pg from 'pg';
import { landingSpool } from '../archive/spool.ts';
import type { LoaderConfig } from '../config.ts';
import { type ApiCallStats, type ApiResponse, newStats } from '../http/client.ts';
import type { Logger } from '../log.ts';
import { JsearchClient } from '../sources/jsearch/client.ts';
import { buildSearchPlan, ProfileError, type SearchProfile } from '../sources/jsearch/request.ts';
import { jobPostingRow, jobPostingsResource, type LoadStamp } from '../sources/jsearch/resource.ts';
import { jsearchShape } from '../sources/jsearch/schema.ts';
import { newLoadId, utcDate } from './ids.ts';
import { BatchWriter, LoadError, LoadInterruptedError, markLoadFailed, RawLoader } from './load.ts';
import {
  checkPageBody,
  isRequestError,
  NO_CONTENT,
  nextStep,
  type PageAnswer,
  pageAnswer,
  planError,
  planStatus,
  recordStep,
  startPlan,
} from './page-plan.ts';
import { checkResponseText, type ResponseCheck, toStorable } from './validate.ts';

export type ProfileStatus = 'success' | 'partial' | 'failed' | 'skipped';

export interface ProfileOutcome {
  profile_id: number;
  load_id: string | null;
  status: ProfileStatus;
  requests: number;
  requests_failed: number;
  pages: number;
  postings_received: number;
  rows_landed: number;
  rows_adopted: number;
  duplicates_skipped: number;
  quarantined: number;
  api_calls: number;
  api_errors: number;
  retries: number;
  duration_s: number;
  error: string | null;
  notes: string[];
}

export interface ExtractJobsSummary {
  command: 'extract-jobs';
  run_id: string | null;
  status: ProfileStatus | 'nothing_to_do';
  profiles: ProfileOutcome[];
  totals: {
    profiles: number;
    succeeded: number;
    partial: number;
    failed: number;
    skipped: number;
    rows_landed: number;
    quarantined: number;
    api_calls: number;
  };
}

export interface ExtractJobsOptions {
  profileId?: number;
  runId?: string;
  now?: () => Date;
  onProgress?: (message: string) => void;
}

export async function readProfiles(client: pg.ClientBase, profileId?: number): Promise<SearchProfile[]> {
  const where = profileId === undefined ? 'where is_active' : 'where profile_id = $1';
  const { rows } = await client.query(
    `select profile_id::int as profile_id, profile_name, query, location, country, language, date_window,
            employment_types, remote_preference, min_salary, max_salary
       from marts.profile_preferences ${where} order by profile_id`,
    profileId === undefined ? [] : [profileId],
  );
  return rows;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const newOutcome = (profileId: number): ProfileOutcome => ({
  profile_id: profileId,
  load_id: null,
  status: 'success',
  requests: 0,
  requests_failed: 0,
  pages: 0,
  postings_received: 0,
  rows_landed: 0,
  rows_adopted: 0,
  duplicates_skipped: 0,
  quarantined: 0,
  api_calls: 0,
  api_errors: 0,
  retries: 0,
  duration_s: 0,
  error: null,
  notes: [],
});

interface PageIo {
  api: JsearchClient;
  stats: ApiCallStats;
  writer: BatchWriter;
  log: Logger;
  profileId: number;
}

// One page request and what its answer means (page-plan.ts). Every unusable body is quarantined
// as it comes; the client retries it within the one retry policy.
async function requestPage(io: PageIo, params: URLSearchParams): Promise<PageAnswer> {
  const { api, stats, writer, log, profileId } = io;
  const page = params.get('page') ?? '1';
  let check: ResponseCheck = NO_CONTENT;
  let attempt = 0;
  const usable = (response: ApiResponse) => {
    attempt += 1;
    check = checkPageBody(response.status, response.text, (text) => checkResponseText(text, jsearchShape));
    if (!check.ok) {
      const { reason, rawText, rawLength } = check;
      writer.addQuarantine({ reason, rawText, rawLength, profileId });
      log.warn({ reason, page, attempt }, 'bad response quarantined');
    }
    return check.ok;
  };
  let answer: PageAnswer;
  try {
    await api.search(params, stats, usable);
    answer = pageAnswer({ check }, page);
  } catch (error) {
    if (!isRequestError(error)) throw error;
    answer = pageAnswer({ error }, page);
  }
  if (answer.kind === 'failed') {
    if (answer.tooLarge) {
      // Kept as evidence: the reason, the start of the body, and its size in bytes.
      writer.addQuarantine({
        reason: answer.tooLarge.message,
        rawText: toStorable(answer.tooLarge.bodyPrefix).rawText,
        rawLength: answer.tooLarge.seenBytes,
        profileId,
      });
    }
    log.error({ err: answer.error, page }, 'request failed');
  }
  return answer;
}

export async function extractProfile(
  client: pg.PoolClient,
  api: JsearchClient,
  config: LoaderConfig,
  logger: Logger,
  profile: SearchProfile,
  options: ExtractJobsOptions,
): Promise<ProfileOutcome> {
  const started = Date.now();
  const now = options.now?.() ?? new Date();
  const stats: ApiCallStats = newStats();
  const outcome = newOutcome(profile.profile_id);
  const log = logger.child({ profile_id: profile.profile_id });
  const loader = new RawLoader(client, jobPostingsResource);
  const scope = String(profile.profile_id);

  if (!(await loader.tryLockScope(scope))) {
    outcome.status = 'skipped';
    outcome.error = 'another jobctl process is extracting this profile';
    log.warn(outcome.error);
    return outcome;
  }
  const loadId = newLoadId('jsearch', 'job_postings', now, profile.profile_id);
  outcome.load_id = loadId;
  const stamp: LoadStamp = { loadId, loadDate: utcDate(now), loadTimestamp: now.toISOString() };
  const seen = new Set<string>();
  let inRunDuplicates = 0;
  const writer = new BatchWriter(
    loader,
    loadId,
    config.batchSize,
    (totals) =>
      options.onProgress?.(
        `profile ${profile.profile_id}: ${totals.inserted + totals.adopted} landed, ${totals.quarantined} quarantined`,
      ),
    landingSpool,
  );
  const flush = () => writer.flush(true);
  let interrupted: string | undefined;
  let plan = startPlan(0);

  const landPage = async (params: URLSearchParams, check: Extract<ResponseCheck, { ok: true }>) => {
    outcome.pages += Number(params.get('num_pages') ?? 1);
    outcome.postings_received += check.accepted.length;
    for (const rejected of check.rejected) writer.addQuarantine({ ...rejected, profileId: profile.profile_id });
    for (const { item, id } of check.accepted) {
      // Keyed on content: only an identical copy is a duplicate; a changed one lands too.
      const row = jobPostingRow(item, id, profile.profile_id, stamp);
      const key = row.raw_job_posting_id as string;
      if (seen.has(key)) {
        inRunDuplicates += 1;
        continue;
      }
      seen.add(key);
      await writer.add(row);
    }
  };

  try {
    const abandoned = await loader.abandonStaleLoads(profile.profile_id);
    if (abandoned) log.warn({ abandoned }, 'marked unfinished earlier loads of this profile as failed');
    await loader.beginLoad({ loadId, profileId: profile.profile_id, dagRunId: options.runId ?? null });

    const search = buildSearchPlan(profile, config.jsearch);
    outcome.notes = search.notes;
    for (const note of search.notes) log.info({ note }, 'filter note');

    // The runner: the page plan says what to request next and what each answer means.
    plan = startPlan(search.requests.length);
    for (let step = nextStep(plan); step.kind !== 'done'; step = nextStep(plan)) {
      if (step.kind === 'skip') {
        plan = recordStep(plan, step);
        continue;
      }
      const params = search.requests[step.index] as URLSearchParams;
      const answer = await requestPage({ api, stats, writer, log, profileId: profile.profile_id }, params);
      plan = recordStep(plan, step, answer);
      if (answer.kind === 'quota') throw answer.error;
      if (answer.kind === 'page' || answer.kind === 'last') await landPage(params, answer.check);
    }
    await flush();
    outcome.status = planStatus(plan);
    outcome.error = planError(plan);
  } catch (error) {
    outcome.status = 'failed';
    outcome.error = errorText(error);
    log.error({ err: outcome.error }, 'profile failed');
    // Whatever was validated still lands: nothing received is lost.
    await flush().catch((flushError) => log.error({ err: errorText(flushError) }, 'could not land the last batch'));
  } finally {
    outcome.requests = plan.requests;
    outcome.requests_failed = plan.failed;
    outcome.rows_landed = writer.totals.inserted;
    outcome.rows_adopted = writer.totals.adopted;
    outcome.duplicates_skipped = writer.totals.skipped + inRunDuplicates;
    outcome.quarantined = writer.totals.quarantined;
    outcome.api_calls = stats.calls;
    outcome.api_errors = stats.errors;
    outcome.retries = stats.retries;
    outcome.duration_s = Math.round((Date.now() - started) / 10) / 100;
    try {
      await loader.endLoad(
        loadId,
        outcome.status === 'failed' ? 'failed' : 'finished',
        {
          rowCount: outcome.rows_landed + outcome.rows_adopted,
          quarantinedCount: outcome.quarantined,
          apiCallCount: stats.calls,
          apiErrorCount: stats.errors,
        },
        outcome.error,
      );
    } catch (endError) {
      // The connection itself is gone (the batch error said why, if there was one).
      interrupted = outcome.error ?? errorText(endError);
    } finally {
      await loader.unlockScope(scope).catch(() => undefined);
    }
  }
  if (interrupted !== undefined) throw new LoadInterruptedError(loadId, interrupted);
  log.info(
    {
      load_id: loadId,
      status: outcome.status,
      pages: outcome.pages,
      postings: outcome.postings_received,
      landed: outcome.rows_landed,
      quarantined: outcome.quarantined,
      api_calls: outcome.api_calls,
      retries: outcome.retries,
      duration_s: outcome.duration_s,
      quota: stats.quota,
    },
    'profile extracted',
  );
  return outcome;
}

export async function extractJobs(
  pool: pg.Pool,
  config: LoaderConfig,
  logger: Logger,
  options: ExtractJobsOptions = {},
): Promise<ExtractJobsSummary> {
  const api = new JsearchClient(config.jsearch, config.http, logger);
  const client = await pool.connect();
  // A connection that dies between queries emits 'error' on the client; unhandled, that would
  // end the process before the load could be marked failed.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
    logger.error({ err: errorText(error) }, 'database connection error');
  };
  client.on('error', onError);
  const profiles: ProfileOutcome[] = [];
  try {
    const list = await readProfiles(client, options.profileId);
    if (options.profileId !== undefined && list.length === 0) {
      throw new ProfileError(`profile ${options.profileId} does not exist`);
    }
    logger.info({ profiles: list.length, run_id: options.runId }, 'extract-jobs starting');
    for (const [index, profile] of list.entries()) {
      options.onProgress?.(`[${index + 1}/${list.length}] profile ${profile.profile_id}`);
      profiles.push(await extractProfile(client, api, config, logger, profile, options));
    }
  } catch (error) {
    if (!(error instanceof LoadInterruptedError)) throw error;
    broken ??= error;
    const marked = await markLoadFailed(pool, error.loadId, `interrupted: ${error.reason}`).catch(() => false);
    throw new LoadError(
      `lost the database connection during load ${error.loadId} (${error.reason}); ${
        marked
          ? 'the load is marked failed and its rows are not trusted'
          : 'the load could not be marked failed now; the next run of this profile marks it abandoned'
      }`,
    );
  } finally {
    client.off('error', onError);
    // A broken connection is destroyed, not returned to the pool.
    client.release(broken);
  }
  const count = (status: ProfileStatus) => profiles.filter((profile) => profile.status === status).length;
  const totals = {
    profiles: profiles.length,
    succeeded: count('success'),
    partial: count('partial'),
    failed: count('failed'),
    skipped: count('skipped'),
    rows_landed: profiles.reduce((sum, profile) => sum + profile.rows_landed + profile.rows_adopted, 0),
    quarantined: profiles.reduce((sum, profile) => sum + profile.quarantined, 0),
    api_calls: profiles.reduce((sum, profile) => sum + profile.api_calls, 0),
  };
  const status: ExtractJobsSummary['status'] =
    profiles.length === 0
      ? 'nothing_to_do'
      : totals.failed === 0 && totals.partial === 0 && totals.skipped === 0
        ? 'success'
        : totals.succeeded + totals.partial > 0
          ? 'partial'
          : totals.skipped === profiles.length
            ? 'skipped'
            : 'failed';
  return { command: 'extract-jobs', run_id: options.runId ?? null, status, profiles, totals };
}
