// The fake API's showcase postings (--showcase, used by make demo): what issue 17 skips, the same
// on every search of a role family.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupKeysOf } from '../../loaders/src/pipeline/extract-companies.ts';
import { warehouse } from '../../loaders/test/helpers/setup.ts';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { searchPage, showcaseJobId } from '../src/generator.ts';

// Employer keys come from the warehouse, the lookup key's one implementation.
let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_showcase'));
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const NOW = new Date('2026-12-03T08:00:00Z');
const toronto = {
  query: 'data engineer in Toronto, ON',
  country: 'ca',
  date_posted: 'week',
  employment_types: ['FULLTIME'],
};

describe('showcase postings', () => {
  it('come first on the first page only, and only when asked for', () => {
    const first = searchPage({ seed: 42, now: NOW, showcase: true }, toronto, 1, 1);
    expect(first.slice(0, 6).map((posting) => posting.job_id)).toEqual(
      (['blocked', 'dismissed', 'expired', 'copy-li', 'copy-in', 'copy-co'] as const).map((role) =>
        showcaseJobId('data-engineering', role),
      ),
    );
    expect(first.slice(6)).toEqual(searchPage({ seed: 42, now: NOW }, toronto, 1, 1));
    expect(searchPage({ seed: 42, now: NOW, showcase: true }, toronto, 2, 1)).toEqual(
      searchPage({ seed: 42, now: NOW }, toronto, 2, 1),
    );
  });

  it('carry a past expiry, and three board copies that match on employer key, title and place', async () => {
    const postings = searchPage({ seed: 42, now: NOW, showcase: true }, toronto, 1, 1).slice(0, 6);
    const [blocked, dismissed, expired, ...copies] = postings;
    const [blockedKey, globexKey, ...copyKeys] = await lookupKeysOf(pool, [
      String(blocked?.employer_name),
      'Globex Corp.',
      ...copies.map((copy) => String(copy.employer_name)),
    ]);
    expect(blockedKey).toBe(globexKey);
    expect(dismissed?.job_offer_expiration_timestamp).toBeNull();
    expect(Number(expired?.job_offer_expiration_timestamp) * 1000).toBeLessThan(NOW.getTime());
    expect(new Set(copyKeys)).toEqual(new Set(['initech']));
    expect(new Set(copies.map((copy) => copy.job_publisher))).toEqual(
      new Set(['LinkedIn', 'Indeed', 'Company website']),
    );
    expect(new Set(copies.map((copy) => `${copy.job_city}|${copy.job_is_remote}`))).toEqual(new Set(['Toronto|false']));
    expect(copies.map((copy) => String(copy.job_title).replace(/ \(Hybrid\)$/, ''))).toEqual(
      Array(3).fill('Senior Data Engineer'),
    );
  });

  it('are remote for a remote search', () => {
    const remote = { query: 'python developer', country: 'us', work_from_home: true };
    const copies = searchPage({ seed: 42, now: NOW, showcase: true }, remote, 1, 1).slice(3, 6);
    expect(copies.every((copy) => copy.job_is_remote === true)).toBe(true);
    expect(copies[0]?.job_id).toBe(showcaseJobId('software', 'copy-li'));
  });
});
