import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { lookupKeysOf } from '../../src/pipeline/extract-companies.ts';
import { isAggregator, websiteDomain } from '../../src/pipeline/lookup-key.ts';
import { warehouse } from '../helpers/setup.ts';

// The key's one implementation is the warehouse's SQL function (dbt macro
// normalize_company_lookup_key); the loaders read its result. Its cases are the dbt seed that
// tests the macro, read with PostgreSQL's CSV parser (an empty field is null, as dbt reads it).
const SEED = new URL('../../../dbt/seeds/warehouse/company_lookup_key_cases.csv', import.meta.url);

let db: TestDatabase;
let pool: pg.Pool;
let fixture: { cases: Array<{ input: string | null; key: string | null }> };
beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_lookup_key'));
  const client = await pool.connect();
  try {
    await client.query('create temporary table cases (employer_name text, expected_lookup_key text)');
    await pipeline(
      createReadStream(SEED),
      client.query(copyFrom('copy cases from stdin with (format csv, header true)')),
    );
    const { rows } = await client.query('select employer_name as input, expected_lookup_key as key from cases');
    fixture = { cases: rows };
  } finally {
    client.release();
  }
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the lookup key, as the loaders read it from the warehouse', () => {
  it('gives every seeded case its key', async () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(40);
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
