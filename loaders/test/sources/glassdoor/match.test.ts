import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { companyLookupKey } from '../../../src/pipeline/lookup-key.ts';
import { keySimilarity, SIMILARITY_THRESHOLD, selectCompany } from '../../../src/sources/glassdoor/match.ts';

const google = JSON.parse(
  readFileSync(
    new URL(
      '../../fixtures/reference_payloads/glassdoor/filmozolevskiy__job-etl-project__company_search_google_2025-12-07.json',
      import.meta.url,
    ),
    'utf8',
  ),
).data as Array<{ company_id: number; name: string; website: string | null; review_count: number }>;
const goo = JSON.parse(
  readFileSync(
    new URL(
      '../../fixtures/reference_payloads/glassdoor/unattributed__company_search_goo_vendor_docs_full.json',
      import.meta.url,
    ),
    'utf8',
  ),
).data as Array<{ company_id: number; name: string; website: string | null; review_count: number }>;

const employer = (name: string, website?: string) => ({ lookupKey: companyLookupKey(name) as string, website });

describe('selectCompany on the real "google" search', () => {
  it.each([
    ['Google', undefined, 'Google', 'exact'],
    ['Google LLC', undefined, 'Google', 'exact'],
    ['GOOGLE INC.', 'https://careers.google.com', 'Google', 'exact'],
    ['Google Cloud', undefined, 'Google Cloud', 'exact'],
    ['Google DeepMind', undefined, 'Google DeepMind', 'exact'],
    ['Thynk Google', undefined, 'Thynk Google', 'exact'],
  ])('%s -> %s', (name, website, expected, rule) => {
    const match = selectCompany(employer(name, website), google);
    expect(match?.company.name).toBe(expected);
    expect(match?.rule).toBe(rule);
  });

  it('never turns an unrelated employer into a look-alike', () => {
    expect(selectCompany(employer('Goog'), google)).toBeNull();
    expect(selectCompany(employer('Alphabet'), google)).toBeNull();
    expect(selectCompany(employer('Thynk'), google)).toBeNull();
  });

  it('matches by website domain when the name differs', () => {
    const candidates = [
      { company_id: 1, name: 'Thynk Google', website: 'https://thynk.example' },
      { company_id: 2, name: 'Alphabet', website: 'https://www.abc.xyz/' },
    ];
    const match = selectCompany(employer('Google', 'http://abc.xyz'), candidates);
    expect(match?.rule).toBe('domain');
    expect(match?.company.company_id).toBe(2);
    // The shortener Google really uses as its website matches nothing by domain.
    expect(selectCompany(employer('Gooogle Search', 'https://www.google.com'), google)).toBeNull();
  });

  it('prefers the most-reviewed of several exact matches', () => {
    const twins = [
      { company_id: 1, name: 'Acme', review_count: 3 },
      { company_id: 2, name: 'ACME Inc.', review_count: 900 },
    ];
    expect(selectCompany(employer('Acme'), twins)?.company.company_id).toBe(2);
  });

  it('accepts near-identical spellings above the threshold only', () => {
    const candidates = [{ company_id: 7, name: 'PricewaterhouseCoopers', review_count: 1 }];
    expect(selectCompany(employer('Pricewaterhouse Coopers'), candidates)?.rule).toBe('similar');
    expect(selectCompany(employer('Goo'), goo)).toBeNull();
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
