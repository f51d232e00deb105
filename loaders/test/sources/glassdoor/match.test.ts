import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../tests/support/pg.ts';
import { lookupKeysOf } from '../../../src/pipeline/extract-companies.ts';
import { keySimilarity, SIMILARITY_THRESHOLD, selectCompany } from '../../../src/sources/glassdoor/match.ts';
import { warehouse } from '../../helpers/setup.ts';

type Payload = { company_id: number; name: string; website: string | null; review_count: number };
type Keyed<T> = T & { lookupKey: string | null };

const googlePayload = JSON.parse(
  readFileSync(
    new URL(
      '../../fixtures/reference_payloads/glassdoor/filmozolevskiy__job-etl-project__company_search_google_2025-12-07.json',
      import.meta.url,
    ),
    'utf8',
  ),
).data as Payload[];
const gooPayload = JSON.parse(
  readFileSync(
    new URL(
      '../../fixtures/reference_payloads/glassdoor/unattributed__company_search_goo_vendor_docs_full.json',
      import.meta.url,
    ),
    'utf8',
  ),
).data as Payload[];

// The lookup key is the warehouse's (staging.company_lookup_key): candidates and employers get
// theirs from it, as extract-companies does.
let db: TestDatabase;
let pool: pg.Pool;
const withKeys = async <T extends { name: string }>(companies: T[]): Promise<Keyed<T>[]> => {
  const keys = await lookupKeysOf(
    pool,
    companies.map((company) => company.name),
  );
  return companies.map((company, index) => ({ ...company, lookupKey: keys[index] ?? null }));
};
const employer = async (name: string, website?: string) => ({
  lookupKey: (await lookupKeysOf(pool, [name]))[0] as string,
  website,
});
let google: Keyed<Payload>[];
let goo: Keyed<Payload>[];

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_match'));
  google = await withKeys(googlePayload);
  goo = await withKeys(gooPayload);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('selectCompany on the real "google" search', () => {
  it.each([
    ['Google', undefined, 'Google', 'exact'],
    ['Google LLC', undefined, 'Google', 'exact'],
    ['GOOGLE INC.', 'https://careers.google.com', 'Google', 'exact'],
    ['Google Cloud', undefined, 'Google Cloud', 'exact'],
    ['Google DeepMind', undefined, 'Google DeepMind', 'exact'],
    ['Thynk Google', undefined, 'Thynk Google', 'exact'],
  ])('%s -> %s', async (name, website, expected, rule) => {
    const match = selectCompany(await employer(name, website), google);
    expect(match?.company.name).toBe(expected);
    expect(match?.rule).toBe(rule);
  });

  it('never turns an unrelated employer into a look-alike', async () => {
    expect(selectCompany(await employer('Goog'), google)).toBeNull();
    expect(selectCompany(await employer('Alphabet'), google)).toBeNull();
    expect(selectCompany(await employer('Thynk'), google)).toBeNull();
  });

  it('matches by website domain when the name differs', async () => {
    const candidates = await withKeys([
      { company_id: 1, name: 'Thynk Google', website: 'https://thynk.example' },
      { company_id: 2, name: 'Alphabet', website: 'https://www.abc.xyz/' },
    ]);
    const match = selectCompany(await employer('Google', 'http://abc.xyz'), candidates);
    expect(match?.rule).toBe('domain');
    expect(match?.company.company_id).toBe(2);
    // The shortener Google really uses as its website matches nothing by domain.
    expect(selectCompany(await employer('Gooogle Search', 'https://www.google.com'), google)).toBeNull();
  });

  it('prefers the most-reviewed of several exact matches', async () => {
    const twins = await withKeys([
      { company_id: 1, name: 'Acme', review_count: 3 },
      { company_id: 2, name: 'ACME Inc.', review_count: 900 },
    ]);
    expect(selectCompany(await employer('Acme'), twins)?.company.company_id).toBe(2);
  });

  it('accepts near-identical spellings above the threshold only', async () => {
    const candidates = await withKeys([{ company_id: 7, name: 'PricewaterhouseCoopers', review_count: 1 }]);
    expect(selectCompany(await employer('Pricewaterhouse Coopers'), candidates)?.rule).toBe('similar');
    expect(selectCompany(await employer('Goo'), goo)).toBeNull();
  });
});

describe('keySimilarity', () => {
  it.each([
    ['google', 'google', 1],
    ['google', 'thynk google', 0.67],
    ['acme analytics', 'acme analytic', 0.96],
    ['abc', 'xyz', 0],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(keySimilarity(a, b)).toBeCloseTo(expected, 2);
  });

  it('the documented threshold separates look-alikes', () => {
    expect(keySimilarity('google', 'thynk google')).toBeLessThan(SIMILARITY_THRESHOLD);
    expect(keySimilarity('google', 'google india')).toBeLessThan(SIMILARITY_THRESHOLD);
  });
});
