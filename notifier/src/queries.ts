// Every SQL statement the notifier runs, parameterised. Reads the marts, writes only
// marts.notification_log.
import type pg from 'pg';
import type { CandidateJob, Profile } from './choose.ts';

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const num = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
};

export async function listActiveProfiles(db: Queryable, onlyProfileId?: number): Promise<Profile[]> {
  const { rows } = await db.query(
    `select profile_id, profile_name, email, coalesce(notify_when_empty, true) as notify_when_empty,
            chat_webhook_url
       from marts.profile_preferences
      where is_active
        and ($1::bigint is null or profile_id = $1::bigint)
      order by profile_id`,
    [onlyProfileId ?? null],
  );
  return rows.map((row) => ({
    profileId: Number(row.profile_id),
    profileName: row.profile_name,
    email: row.email,
    notifyWhenEmpty: row.notify_when_empty,
    chatWebhookUrl: row.chat_webhook_url ?? null,
  }));
}

export async function profileExists(db: Queryable, profileId: number): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from marts.profile_preferences where profile_id = $1', [profileId]);
  return (rowCount ?? 0) > 0;
}

/**
 * The next digest's jobs of a profile, in order: marts.profile_top_jobs decides which jobs are
 * eligible (found by its search, new, recent, scored under its saved settings, at least its
 * min_mail_score; not blocked, dismissed, applied, expired, or a board copy of another row, and no
 * copy of it mailed before), their order, their reasons and their other boards (also_on); the
 * profile app reads the same rows.
 */
export async function fetchCandidates(
  db: Queryable,
  profileId: number,
  options: { limit: number },
): Promise<CandidateJob[]> {
  const { rows } = await db.query(
    `select top_jobs.digest_position, top_jobs.rank_score, top_jobs.top_reasons, top_jobs.job_posting_key,
            top_jobs.job_id, top_jobs.job_title, top_jobs.employer_name, top_jobs.job_city, top_jobs.job_state,
            top_jobs.job_country, top_jobs.is_remote, top_jobs.salary_min_annual, top_jobs.salary_max_annual,
            top_jobs.salary_currency, top_jobs.age_days, top_jobs.apply_link, top_jobs.also_on,
            case when dim_companies.is_unknown_member then null else dim_companies.company_name end as company_name,
            case when dim_companies.is_unknown_member then null else dim_companies.overall_rating end as company_rating
     from marts.profile_top_jobs as top_jobs
     left join marts.dim_companies on dim_companies.company_key = top_jobs.company_key
     where top_jobs.profile_id = $1
       and top_jobs.digest_position <= $2
     order by top_jobs.digest_position`,
    [profileId, options.limit],
  );
  return rows.map((row) => ({
    jobId: row.job_id,
    jobPostingKey: row.job_posting_key,
    rankScore: num(row.rank_score) ?? 0,
    reasons: Array.isArray(row.top_reasons) ? (row.top_reasons as string[]) : [],
    jobTitle: row.job_title,
    employerName: row.employer_name,
    companyName: row.company_name,
    companyRating: num(row.company_rating),
    jobCity: row.job_city,
    jobState: row.job_state,
    jobCountry: row.job_country,
    isRemote: row.is_remote,
    salaryMinAnnual: num(row.salary_min_annual),
    salaryMaxAnnual: num(row.salary_max_annual),
    salaryCurrency: row.salary_currency,
    jobAgeDays: num(row.age_days),
    applyLink: row.apply_link,
    alsoOn: Array.isArray(row.also_on)
      ? (row.also_on as { publisher?: unknown; apply_link?: unknown }[]).map((copy) => ({
          publisher: typeof copy.publisher === 'string' ? copy.publisher : null,
          applyLink: typeof copy.apply_link === 'string' ? copy.apply_link : null,
        }))
      : [],
  }));
}

/** Did this profile already get (or is it getting) a message today? */
export async function mailedToday(db: Queryable, profileId: number, dayPrefix: string): Promise<boolean> {
  const { rows } = await db.query(
    `select exists (
         select 1 from marts.notification_log
          where profile_id = $1
            and left(digest_id, length($2)) = $2
            and delivery_status in ('reserved', 'sent')
     ) as mailed`,
    [profileId, dayPrefix],
  );
  return rows[0]?.mailed === true;
}

export interface Reservation {
  jobId: string;
  jobPostingKey: string | null;
  rankScore: number | null;
}

/**
 * Record first: claim the rows before anything is sent. A row already reserved or sent by any run
 * stays untouched (so it is never mailed twice); a failed one is claimed again. Returns the job_ids
 * this run now owns. The advisory lock serialises two runs on the same profile.
 */
export async function reserve(
  pool: pg.Pool,
  profileId: number,
  digestId: string,
  items: Reservation[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtext($1), $2::integer)', ['notifier', profileId]);
    const { rows } = await client.query(
      `insert into marts.notification_log
           (profile_id, job_id, job_posting_key, digest_id, rank_score, delivery_status, notified_at)
       select $1, item.job_id, item.job_posting_key, $2, item.rank_score, 'reserved', now()
       from unnest($3::text[], $4::text[], $5::numeric[]) as item (job_id, job_posting_key, rank_score)
       on conflict (profile_id, job_id) do update
           set delivery_status = 'reserved',
               digest_id = excluded.digest_id,
               job_posting_key = excluded.job_posting_key,
               rank_score = excluded.rank_score,
               notified_at = excluded.notified_at
           where notification_log.delivery_status = 'failed'
       returning job_id`,
      [
        profileId,
        digestId,
        items.map((item) => item.jobId),
        items.map((item) => item.jobPostingKey),
        items.map((item) => item.rankScore),
      ],
    );
    await client.query('commit');
    return new Set(rows.map((row) => row.job_id as string));
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function markDelivery(
  db: Queryable,
  profileId: number,
  digestId: string,
  jobIds: string[],
  status: 'sent' | 'failed',
): Promise<void> {
  await db.query(
    `update marts.notification_log
        set delivery_status = $4, notified_at = now()
      where profile_id = $1
        and digest_id = $2
        and job_id = any($3::text[])
        and delivery_status = 'reserved'`,
    [profileId, digestId, jobIds, status],
  );
}
