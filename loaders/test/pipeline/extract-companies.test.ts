// extract-companies against real PostgreSQL and the fake Glassdoor API on loopback.

import { companySearch, EMPLOYER_BASE_NAMES, type FakeApi, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { silentLogger } from '../../src/log.ts';
import {
  employersToQueue,
  extractCompanies,
  lookupKeysOf,
  MAX_ATTEMPTS,
  nextAttemptDelayMs,
} from '../../src/pipeline/extract-companies.ts';
import { fastConfig, warehouse } from '../helpers/setup.ts';

const SEED = 5;
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_companies'));
  // The warehouse builds staging.jsearch_job_postings; this suite only needs its two employer columns.
  await pool.query(`do $$ begin
      if exists (select from pg_views where schemaname = 'staging' and viewname = 'jsearch_job_postings') then
        drop view staging.jsearch_job_postings cascade;
      end if;
      if exists (select from pg_matviews where schemaname = 'staging' and matviewname = 'jsearch_job_postings') then
        drop materialized view staging.jsearch_job_postings cascade;
      end if;
    end $$`);
  await pool.query('drop table if exists staging.jsearch_job_postings cascade');
  await pool.query(
    'create table staging.jsearch_job_postings (job_id text, employer_name text, employer_website text)',
  );
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});
beforeEach(async () => {
  await pool.query('truncate staging.jsearch_job_postings, staging.company_enrichment_queue, raw.glassdoor_companies');
});

async function employers(rows: Array<[string | null, string | null]>) {
  await pool.query(
    'insert into staging.jsearch_job_postings (job_id, employer_name, employer_website) select g::text, n, w from unnest($1::text[], $2::text[]) with ordinality as t(n, w, g)',
    [rows.map((row) => row[0]), rows.map((row) => row[1])],
  );
}

async function run(faults?: string, now?: Date) {
  const api: FakeApi = await startFakeApi({ seed: SEED, faults });
  try {
    const config = fastConfig(api.url, { LOADER_HTTP_RETRIES: '2' });
    return {
      summary: await extractCompanies(pool, config, silentLogger, { now: now ? () => now : undefined }),
      stats: api.stats,
    };
  } finally {
    await api.close();
  }
}

// An employer the fake Glassdoor search finds exactly (a result with its lookup key), and one it
// does not; keys come from the warehouse, the key's one implementation.
let findable: string;
let unfindable: string;
let findableKey: string;
let unfindableKey: string;

beforeAll(async () => {
  for (const name of EMPLOYER_BASE_NAMES) {
    const [key, ...resultKeys] = await lookupKeysOf(pool, [name, ...companySearch(SEED, name).map((c) => c.name)]);
    const exact = resultKeys.includes(key ?? null);
    if (exact && !findable) [findable, findableKey] = [name, key as string];
    if (!exact && !unfindable) [unfindable, unfindableKey] = [name, key as string];
    if (findable && unfindable) break;
  }
});

describe('employersToQueue', () => {
  it('keys, deduplicates name variants and skips blanks and aggregators', () => {
    const queue = employersToQueue([
      { employer_name: 'Acme Analytics, Inc.', employer_website: null, company_lookup_key: 'acme analytics' },
      {
        employer_name: 'ACME ANALYTICS LLC',
        employer_website: 'https://acme.example',
        company_lookup_key: 'acme analytics',
      },
      { employer_name: '  ', employer_website: null, company_lookup_key: null },
      { employer_name: null, employer_website: null, company_lookup_key: null },
      { employer_name: 'Jobs via Dice', employer_website: null, company_lookup_key: 'jobs via dice' },
      { employer_name: 'Upwork', employer_website: 'http://www.elance.com', company_lookup_key: 'upwork' },
      { employer_name: 'confidential', employer_website: null, company_lookup_key: 'confidential' },
    ]);
    expect([...queue.entries()]).toEqual([
      ['acme analytics', { name: 'Acme Analytics, Inc.', website: 'https://acme.example' }],
    ]);
  });

  it('backs off failed lookups and caps them', () => {
    expect(nextAttemptDelayMs('error', 1)).toBe(3600_000);
    expect(nextAttemptDelayMs('error', 2)).toBe(4 * 3600_000);
    expect(nextAttemptDelayMs('error', 9)).toBe(7 * 24 * 3600_000);
    expect(nextAttemptDelayMs('not_found', 1)).toBe(30 * 24 * 3600_000);
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });
});

describe('extract-companies', () => {
  it('queues employers, matches the right company and lands it raw', async () => {
    await employers([
      [`${findable} Inc.`, null],
      [findable.toUpperCase(), null],
      [unfindable, null],
      ['Jobs via Dice', null],
      ['', null],
    ]);
    const { summary } = await run();
    expect(summary).toMatchObject({ status: 'success', queued: 2, looked_up: 2, matched: 1, not_found: 1, errors: 0 });
    const { rows } = await pool.query(
      'select company_lookup_key, enrichment_status, attempt_count, matched_company_id is not null as matched, next_attempt_at is not null as retry_later from staging.company_enrichment_queue order by 1',
    );
    expect(rows).toEqual(
      [
        {
          company_lookup_key: findableKey,
          enrichment_status: 'success',
          attempt_count: 1,
          matched: true,
          retry_later: false,
        },
        {
          company_lookup_key: unfindableKey,
          enrichment_status: 'not_found',
          attempt_count: 1,
          matched: false,
          retry_later: true,
        },
      ].sort((a, b) => String(a.company_lookup_key).localeCompare(String(b.company_lookup_key))),
    );
    const raw = await pool.query(
      "select company_lookup_key, raw_payload->>'name' as name, dwh_source_system from raw.glassdoor_companies",
    );
    expect(raw.rows).toHaveLength(1);
    expect(await lookupKeysOf(pool, [raw.rows[0].name])).toEqual([findableKey]);
    expect(raw.rows[0]).toMatchObject({
      company_lookup_key: findableKey,
      dwh_source_system: 'glassdoor',
    });

    // A second run has nothing due: no lookups, no new raw rows.
    const again = await run();
    expect(again.summary).toMatchObject({ status: 'nothing_to_do', looked_up: 0, queued: 0 });
    expect(again.stats.requests).toBe(0);
  });

  it('records errors with backoff instead of retrying in a storm', async () => {
    await employers([[findable, null]]);
    const now = new Date();
    const first = await run(`500@1:path=/company-search;query=${findable.toLowerCase()}`, now);
    expect(first.summary).toMatchObject({ status: 'failed', errors: 1 });
    expect(first.stats.requests).toBe(3);
    const { rows } = await pool.query(
      'select enrichment_status, attempt_count, last_error, next_attempt_at from staging.company_enrichment_queue',
    );
    expect(rows[0]).toMatchObject({ enrichment_status: 'error', attempt_count: 1 });
    expect(rows[0].last_error).toMatch(/answered 500/);
    expect(rows[0].next_attempt_at.getTime()).toBe(now.getTime() + 3600_000);

    // Not due yet: the next run leaves it alone.
    expect((await run(undefined, now)).stats.requests).toBe(0);
    // Due an hour later: retried and matched.
    const later = await run(undefined, new Date(now.getTime() + 3600_000));
    expect(later.summary).toMatchObject({ matched: 1 });
    const after = await pool.query(
      'select enrichment_status, attempt_count, last_error from staging.company_enrichment_queue',
    );
    expect(after.rows[0]).toMatchObject({ enrichment_status: 'success', attempt_count: 2, last_error: null });
  });

  it('quarantines a bad response and marks the lookup as an error', async () => {
    await employers([[findable, null]]);
    const { summary } = await run('truncated@1:path=/company-search');
    expect(summary).toMatchObject({ errors: 1, quarantined: 1 });
    const { rows } = await pool.query(
      'select reason, company_lookup_key, resource_name from raw.quarantine where dwh_source_system = $1',
      ['glassdoor'],
    );
    expect(rows[0]).toMatchObject({ company_lookup_key: findableKey, resource_name: 'companies' });
    expect(rows[0].reason).toMatch(/not valid JSON/);
  });

  it('stops at a spent quota and leaves the rest pending', async () => {
    await employers([
      [findable, null],
      [unfindable, null],
    ]);
    const { summary, stats } = await run('quota@1');
    expect(summary.stopped_early).toMatch(/QuotaExceededError/);
    expect(stats.requests).toBe(1);
    const { rows } = await pool.query(
      "select count(*)::int as pending from staging.company_enrichment_queue where enrichment_status = 'pending'",
    );
    expect(rows[0].pending).toBe(2);
  });
});
