// Every SQL statement the notifier runs, parameterised. Reads the marts, writes only
// marts.notification_log.
import type pg from 'pg';
import type { CandidateJob, Profile, RankExplain } from './digest.ts';

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const num = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
};

export async function listActiveProfiles(db: Queryable, onlyProfileId?: number): Promise<Profile[]> {
  const { rows } = await db.query(
    `select profile_id, profile_name, email, coalesce(notify_when_empty, true) as notify_when_empty
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
  }));
}

export async function profileExists(db: Queryable, profileId: number): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from marts.profile_preferences where profile_id = $1', [profileId]);
  return (rowCount ?? 0) > 0;
}

/**
 * Ranked jobs of a profile not yet reserved or sent to it, best first. Age is whole days since
 * posted_at (finer than fact_jobs.job_age_days, a difference of UTC dates), falling back to it.
 * Failed deliveries are eligible again. `limit` leaves headroom for the pure filter in digest.ts.
 */
export async function fetchCandidates(
  db: Queryable,
  profileId: number,
  options: { maxAgeDays: number; limit: number },
): Promise<CandidateJob[]> {
  const { rows } = await db.query(
    `with jobs as (
         select
             fact_jobs.*,
             coalesce(
                 floor(extract(epoch from (now() - fact_jobs.posted_at)) / 86400)::integer,
                 fact_jobs.job_age_days
             ) as age_days
         from marts.fact_jobs
     )
     select
         dim_ranking.rank_score,
         dim_ranking.rank_explain,
         jobs.job_posting_key,
         jobs.job_id,
         jobs.job_title,
         jobs.employer_name,
         jobs.job_city,
         jobs.job_state,
         jobs.job_country,
         jobs.is_remote,
         jobs.salary_min_annual,
         jobs.salary_max_annual,
         jobs.salary_currency,
         jobs.age_days,
         jobs.apply_link,
         case when dim_companies.is_unknown_member then null else dim_companies.company_name end as company_name,
         case when dim_companies.is_unknown_member then null else dim_companies.overall_rating end as overall_rating
     from marts.dim_ranking
     inner join jobs on jobs.job_posting_key = dim_ranking.job_posting_key
     left join marts.dim_companies on dim_companies.company_key = jobs.company_key
     where dim_ranking.profile_id = $1
       -- Query-only matches skipped the profile's API filters (country, type, date window).
       and dim_ranking.was_found_by_profile
       and (jobs.age_days is null or jobs.age_days <= $2)
       and not exists (
           select 1
           from marts.notification_log
           where notification_log.profile_id = $1
             and notification_log.job_id = jobs.job_id
             and notification_log.delivery_status in ('reserved', 'sent')
       )
     order by dim_ranking.rank_score desc, jobs.age_days asc nulls last, jobs.job_id
     limit $3`,
    [profileId, options.maxAgeDays, options.limit],
  );
  return rows.map((row) => ({
    jobId: row.job_id,
    jobPostingKey: row.job_posting_key,
    rankScore: num(row.rank_score) ?? 0,
    rankExplain: (row.rank_explain ?? null) as RankExplain | null,
    jobTitle: row.job_title,
    employerName: row.employer_name,
    companyName: row.company_name,
    companyRating: num(row.overall_rating),
    jobCity: row.job_city,
    jobState: row.job_state,
    jobCountry: row.job_country,
    isRemote: row.is_remote,
    salaryMinAnnual: num(row.salary_min_annual),
    salaryMaxAnnual: num(row.salary_max_annual),
    salaryCurrency: row.salary_currency,
    jobAgeDays: num(row.age_days),
    applyLink: row.apply_link,
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
