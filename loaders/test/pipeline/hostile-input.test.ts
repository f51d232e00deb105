// A hostile-input run of the whole loader (extract-jobs → fake API over loopback → real
// PostgreSQL): the reference payloads, the fake API's fault modes, type noise on optional fields,
// a same-day changed copy, a 30 MB response and a 200k-deep item. Every posting whose identity is
// valid lands; quarantine holds only identity and shape failures.
import { readdirSync, readFileSync } from 'node:fs';
import { type FakeApi, filtersFrom, searchPage, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import type { LoaderConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { extractJobs } from '../../src/pipeline/extract-jobs.ts';
import { buildSearchPlan } from '../../src/sources/jsearch/request.ts';
import { fastConfig, insertProfile, warehouse } from '../helpers/setup.ts';

const SEED = 23;
const NOW = new Date();
const RESULTS = 40;
const FAULTS = [
  'type_noise:query=noise',
  'changed_copy:query=changed',
  'oversized:query=huge;mb=30',
  'deep_item:query=deep',
  '429@0.1:retry_after=0',
  '500@0.08',
  '503@0.05',
  'reset@0.05',
  'truncated@0.08',
  'invalid_item@0.3',
].join(',');

// Identity and shape: the only reasons a record may be quarantined.
const ALLOWED_REASON =
  /^(invalid item: (job_id|job_title|employer_name)\b|item is (null|an array|string|number|boolean), not an object|item is nested deeper than|item contains a (NUL byte|lone UTF-16 surrogate) at \$(\.job_id|\.job_title|\.employer_name)?\b|response is not valid JSON|GET \S+: response body (declares|exceeded))/;

const referenceDir = new URL('../fixtures/reference_payloads/jsearch/', import.meta.url);
// Search answers only (enveloped or a bare data array); job-details items are another endpoint.
const references = readdirSync(referenceDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, referenceDir), 'utf8') }))
  .filter(({ text }) => {
    const json = JSON.parse(text);
    return Array.isArray(json) || Array.isArray(json.data);
  });

let db: TestDatabase;
let pool: pg.Pool;
let api: FakeApi;
let config: LoaderConfig;

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_hostile'));
  api = await startFakeApi({
    seed: SEED,
    now: NOW,
    resultsPerQuery: RESULTS,
    faults: FAULTS,
    recorded: Object.fromEntries(references.map(({ name, text }) => [`reference ${name}`, text])),
  });
  config = fastConfig(api.url, { JSEARCH_NUM_PAGES: '3', JSEARCH_PAGES_PER_REQUEST: '1', LOADER_BATCH_SIZE: '25' });
});
afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
});

const hasValidIdentity = (item: Record<string, unknown>) =>
  typeof item.job_id === 'string' &&
  item.job_id.trim() !== '' &&
  ['job_title', 'employer_name'].every((field) => item[field] == null || typeof item[field] === 'string');

function generatedIds(query: string): Set<string> {
  const ids = new Set<string>();
  for (const params of buildSearchPlan({ profile_id: 0, query, country: 'us', date_window: 'month' }, config.jsearch)
    .requests) {
    for (const posting of searchPage(
      { seed: SEED, now: NOW, resultsPerQuery: RESULTS },
      filtersFrom(params),
      Number(params.get('page')),
      1,
    ))
      ids.add(posting.job_id);
  }
  return ids;
}

async function landedIds(profileId: number): Promise<Set<string>> {
  const { rows } = await pool.query('select job_id from raw.jsearch_job_postings where profile_id = $1', [profileId]);
  return new Set(rows.map((row) => row.job_id));
}

describe('a hostile-input run of the loader', () => {
  it('lands every posting with a valid identity and quarantines only identity and shape failures', async () => {
    const profiles = new Map<string, number>();
    for (const query of [
      'noise',
      'changed',
      'huge',
      'deep',
      'plain faults',
      ...references.map((r) => `reference ${r.name}`),
    ])
      profiles.set(query, await insertProfile(pool, { query, country: 'us', date_window: 'month' }));

    const summary = await extractJobs(pool, config, silentLogger, { runId: 'hostile-1' });
    const byProfile = new Map(summary.profiles.map((outcome) => [outcome.profile_id, outcome]));

    // Generated pages, whatever the faults: every posting lands (type noise included).
    for (const query of ['noise', 'changed', 'deep', 'plain faults']) {
      const profileId = profiles.get(query) as number;
      const landed = await landedIds(profileId);
      for (const id of generatedIds(query)) expect(landed.has(id), `${query}: ${id}`).toBe(true);
      expect(byProfile.get(profileId)?.status, query).toBe('success');
    }

    // Real payloads: every item with a valid identity, its job_id trimmed.
    for (const { name, text } of references) {
      const json = JSON.parse(text);
      const items = (Array.isArray(json) ? json : json.data) as Record<string, unknown>[];
      const expected = items.filter(hasValidIdentity).map((item) => String(item.job_id).trim());
      const landed = await landedIds(profiles.get(`reference ${name}`) as number);
      expect([...landed].sort(), name).toEqual([...new Set(expected)].sort());
    }

    // Type noise landed as received: strings and 0/1 where the API normally sends numbers/booleans.
    const noisy = await pool.query(
      `select count(*) filter (where jsonb_typeof(raw_payload -> 'job_is_remote') in ('string', 'number'))::int as remote,
              count(*) filter (where jsonb_typeof(raw_payload -> 'job_latitude') = 'string')::int as latitude,
              count(*) filter (where jsonb_typeof(raw_payload -> 'job_min_salary') = 'string')::int as salary
         from raw.jsearch_job_postings where profile_id = $1`,
      [profiles.get('noise')],
    );
    expect(noisy.rows[0].remote).toBeGreaterThan(0);
    expect(noisy.rows[0].latitude).toBeGreaterThan(0);
    expect(noisy.rows[0].salary).toBeGreaterThan(0);

    // The same-day changed copy (newer timestamp, edited title) lands beside the first one.
    const changed = await pool.query(
      `select job_id, count(*)::int as copies, bool_or(raw_payload ->> 'job_title' like '% (updated)') as has_update
         from raw.jsearch_job_postings where profile_id = $1 group by job_id having count(*) > 1`,
      [profiles.get('changed')],
    );
    expect(changed.rows.length).toBeGreaterThan(0);
    for (const row of changed.rows) expect(row).toMatchObject({ copies: 2, has_update: true });

    // The 30 MB answer: refused on its Content-Length, not retried, recorded with its reason.
    const huge = byProfile.get(profiles.get('huge') as number);
    expect(huge?.status).toBe('failed');
    expect(huge?.retries).toBe(0);
    expect(huge?.error).toMatch(/ResponseTooLargeError: .*declares \d+ bytes, over the 20971520-byte limit/);

    const { rows: quarantine } = await pool.query(
      'select profile_id::int as profile_id, reason, length(raw_text)::int as kept, raw_text_length from raw.quarantine',
    );
    const offending = quarantine.filter((row) => !ALLOWED_REASON.test(row.reason));
    expect(offending.map((row) => row.reason)).toEqual([]);
    const deep = quarantine.filter((row) => row.profile_id === profiles.get('deep'));
    expect(deep.length).toBeGreaterThan(0);
    for (const row of deep) {
      expect(row.reason).toMatch(/^item is nested deeper than 64 levels/);
      expect(row.kept).toBe(64 * 1024);
      expect(Number(row.raw_text_length)).toBeGreaterThan(400_000);
    }
    expect(quarantine.filter((row) => row.profile_id === profiles.get('huge')).map((row) => row.reason)).toEqual([
      expect.stringMatching(/response body declares \d+ bytes/),
      expect.stringMatching(/response body declares \d+ bytes/),
    ]);

    // An identical re-delivery the same day adds nothing.
    const before = await pool.query('select count(*)::int as count from raw.jsearch_job_postings');
    await extractJobs(pool, config, silentLogger, { runId: 'hostile-2' });
    const after = await pool.query('select count(*)::int as count from raw.jsearch_job_postings');
    expect(after.rows[0].count).toBe(before.rows[0].count);
  }, 180_000);
});
