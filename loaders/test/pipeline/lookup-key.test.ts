import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { companyLookupKey, isAggregator, lookupKeySql, websiteDomain } from '../../src/pipeline/lookup-key.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/lookup_keys.json', import.meta.url), 'utf8')) as {
  cases: Array<{ input: string | null; key: string | null }>;
};

describe('companyLookupKey', () => {
  it.each(fixture.cases)('$input -> $key', ({ input, key }) => {
    expect(companyLookupKey(input)).toBe(key);
  });

  it('is idempotent', () => {
    for (const { key } of fixture.cases) if (key) expect(companyLookupKey(key)).toBe(key);
  });

  it('exposes the same rules as SQL', () => {
    expect(lookupKeySql('employer_name')).toContain('lower(employer_name)');
    expect(lookupKeySql('x')).toContain('gmbh');
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
  ])('%s -> %s', (name, expected) => {
    expect(isAggregator(companyLookupKey(name))).toBe(expected);
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
