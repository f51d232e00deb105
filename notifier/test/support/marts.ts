// Test data for the notifier's integration suites. The marts are dbt's real tables, cloned from the
// warehouse template (createWarehouseDatabase below).
import pg from 'pg';
import { adminUrl, createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface JobFixture {
  jobId: string;
  title?: string;
  employer?: string | null;
  company?: { key: string; name: string; rating: number | null } | null;
  city?: string | null;
  country?: string | null;
  isRemote?: boolean;
  salary?: [number | null, number | null, string | null];
  ageDays?: number | null;
  applyLink?: string | null;
  /** profile_id → score */
  scores: Record<number, number>;
  /** profiles that scored the job only because their query matched (their own search did not find it) */
  queryMatchOnly?: number[];
  /** Board copies share one group key (fact_jobs.duplicate_group_key); default: a group of its own. */
  groupKey?: string;
  publisher?: string;
  /** The employer's lookup key (block lists match on it). */
  companyLookupKey?: string;
  /** Days until the posting's own expiry (negative: expired). */
  expiresInDays?: number;
}

export async function insertProfile(
  url: string,
  profile: { name: string; email: string; active?: boolean; notifyWhenEmpty?: boolean; minMailScore?: number },
): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `insert into marts.profile_preferences (profile_name, is_active, query, country, email, notify_when_empty,
           min_mail_score)
       values ($1, $2, 'data engineer', 'ca', $3, $4, coalesce($5::numeric, 40)) returning profile_id`,
      [profile.name, profile.active ?? true, profile.email, profile.notifyWhenEmpty ?? true, profile.minMailScore],
    );
    return Number(rows[0].profile_id);
  });
}

export async function insertJobs(url: string, jobs: JobFixture[]): Promise<void> {
  await withClient(url, async (client) => {
    for (const job of jobs) {
      const key = `key-${job.jobId}`;
      if (job.company) {
        await client.query(
          `insert into marts.dim_companies (company_key, company_lookup_key, company_name, overall_rating,
               enrichment_status, is_enriched, is_unknown_member, dwh_updated_at)
           values ($1, $1, $2, $3, 'success', true, false, now()) on conflict (company_key) do nothing`,
          [job.company.key, job.company.name, job.company.rating],
        );
      }
      const [min, max, currency] = job.salary ?? [null, null, null];
      const ageDays = job.ageDays === undefined ? 1 : job.ageDays;
      await client.query(
        `insert into marts.fact_jobs_stored (job_posting_key, job_id, company_key, job_title, employer_name,
             job_city, job_country, location_bucket, is_remote, is_full_time, salary_min_annual, salary_max_annual,
             salary_currency, salary_band, posted_at, posted_date, apply_link, dwh_updated_at,
             duplicate_group_key, publisher, company_lookup_key, job_offer_expires_at, source)
         select $1, $2, $3, $4, $5, $6, $7, 'city', $8, true, $9, $10, $11, 'unknown',
                posted.posted_at, (posted.posted_at at time zone 'UTC')::date, $13, now(),
                $14, $15, $16, now() + make_interval(days => $17::integer), 'jsearch'
         from (select case when $12::integer is null then null
                           else now() - make_interval(days => $12::integer) end as posted_at) as posted`,
        [
          key,
          job.jobId,
          job.company?.key ?? 'unknown',
          job.title ?? `Data Engineer ${job.jobId}`,
          job.employer === undefined ? 'Acme Analytics' : job.employer,
          job.city === undefined ? 'Toronto' : job.city,
          job.country === undefined ? 'CA' : job.country,
          job.isRemote ?? false,
          min,
          max,
          currency,
          ageDays,
          job.applyLink === undefined ? `https://jobs.example.com/apply/${job.jobId}?src=digest&x=1` : job.applyLink,
          job.groupKey ?? null,
          job.publisher ?? null,
          job.companyLookupKey ?? null,
          job.expiresInDays ?? null,
        ],
      );
      for (const [profileId, score] of Object.entries(job.scores)) {
        // Shaped like dim_ranking's: keyword and location earn all they can, so they are the reasons.
        const explain = {
          factors: { keyword: score * 0.6, location: score * 0.4 },
          weights: { keyword: score * 0.6, location: score * 0.4 },
          relevance: 1,
          reasons: { keyword: 'data and engineer in the title', location: 'In Toronto, your location' },
          matched_skills: ['sql', 'python'],
        };
        // Scored under the profile's saved settings (profile_updated_at), as dbt leaves it.
        await client.query(
          `insert into marts.dim_ranking (job_posting_key, profile_id, rank_score, relevance_score, rank_explain,
               ranked_at, job_id, was_found_by_profile, profile_updated_at)
           select $1, $2, $3, $3, $4, now(), $5, $6, profile_preferences.updated_at
           from marts.profile_preferences where profile_id = $2`,
          [
            key,
            Number(profileId),
            score,
            JSON.stringify(explain),
            job.jobId,
            !job.queryMatchOnly?.includes(Number(profileId)),
          ],
        );
      }
    }
  });
}

export async function notificationLog(url: string) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `select profile_id, job_id, digest_id, delivery_status from marts.notification_log order by profile_id, job_id`,
    );
    return rows.map((row) => ({ ...row, profile_id: Number(row.profile_id) })) as {
      profile_id: number;
      job_id: string;
      digest_id: string;
      delivery_status: string;
    }[];
  });
}

/**
 * createTestDatabase('notifier', { warehouse: true }), working around one defect of the shared
 * helper: when dbt/ changes it tries to drop the previous template, which PostgreSQL refuses while
 * that database is still marked is_template. Unmark the old templates and try again (reported to
 * the lead; remove once tests/support/pg.ts does this itself).
 */
export async function createWarehouseDatabase(): Promise<TestDatabase> {
  try {
    return await createTestDatabase('notifier', { warehouse: true });
  } catch (error) {
    if (!/cannot drop a template database/.test(String(error))) throw error;
    await withClient(adminUrl(), async (client) => {
      const { rows } = await client.query(
        "select datname from pg_database where datistemplate and datname like 'jobs\\_tmpl\\_%'",
      );
      for (const row of rows) {
        await client.query(`alter database "${String(row.datname).replaceAll('"', '""')}" is_template false`);
      }
    });
    return createTestDatabase('notifier', { warehouse: true });
  }
}
