import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { lookupKeysOf } from '../../src/pipeline/extract-companies.ts';
import { isAggregator, websiteDomain } from '../../src/pipeline/lookup-key.ts';
import { warehouse } from '../helpers/setup.ts';

// The key's one implementation is the warehouse's SQL function (dbt macro
// normalize_company_lookup_key); the loaders read its result. These are its shared cases.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/lookup_keys.json', import.meta.url), 'utf8')) as {
  cases: Array<{ input: string | null; key: string | null }>;
};

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_lookup_key'));
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the lookup key, as the loaders read it from the warehouse', () => {
  it('gives every fixture its key', async () => {
    const keys = await lookupKeysOf(pool, fixture.cases.map((c) => c.input) as string[]);
    expect(fixture.cases.map((c, index) => ({ input: c.input, key: keys[index] }))).toEqual(fixture.cases);
  });

  it('is idempotent', async () => {
    const keys = fixture.cases.flatMap((c) => (c.key ? [c.key] : []));
    expect(await lookupKeysOf(pool, keys)).toEqual(keys);
  });
});

describe('isAggregator', () => {
  it.each([
    ['Jobs via Dice', true],
    ['Dice', true],
    ['Upwork', true],
    ['confidential', true],
    ['Company Name', true],
    ['Jobs via eFinancialCareers', true],
    ['', true],
    ['Google', false],
    ['Dice Holdings Research', false],
  ])('%s -> %s', async (name, expected) => {
    const [key] = await lookupKeysOf(pool, [name]);
    expect(isAggregator(key ?? null)).toBe(expected);
  });
});

describe('websiteDomain', () => {
  it.each([
    ['https://www.google.com/about', 'google.com'],
    ['http://intetics.com', 'intetics.com'],
    ['www2.acme.co.uk', 'acme.co.uk'],
    ['HTTPS://WWW.ACME.COM.', 'acme.com'],
    ['https://goo.gle/4ehVuXi', 'goo.gle'],
    ['localhost', null],
    ['', null],
    [null, null],
    ['not a url at all', null],
  ])('%s -> %s', (website, expected) => {
    expect(websiteDomain(website)).toBe(expected);
  });
});
