import { describe, expect, it } from 'vitest';
import { checkItem } from '../../loaders/src/pipeline/validate.ts';
import { jsearchShape } from '../../loaders/src/sources/jsearch/schema.ts';
import { generatePostings, searchPage } from '../src/generator.ts';
import { companySearch, EMPLOYER_BASE_NAMES } from '../src/index.ts';

const now = new Date('2026-11-28T10:00:00Z');
const options = { seed: 7, now, resultsPerQuery: 200 };

describe('searchPage', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const filters = { query: 'data engineer in Toronto', country: 'ca' };
    expect(searchPage(options, filters, 1, 2)).toEqual(searchPage(options, filters, 1, 2));
    expect(searchPage({ ...options, seed: 8 }, filters, 1, 1)[0]?.job_id).not.toBe(
      searchPage(options, filters, 1, 1)[0]?.job_id,
    );
  });

  it('pages through a fixed number of results', () => {
    const filters = { query: 'python developer' };
    expect(searchPage(options, filters, 1, 1)).toHaveLength(10);
    expect(searchPage(options, filters, 1, 20)).toHaveLength(200);
    expect(searchPage(options, filters, 20, 1)).toHaveLength(10);
    expect(searchPage(options, filters, 21, 1)).toHaveLength(0);
  });

  it('honours country, remote, employment types and date window', () => {
    const postings = searchPage(
      options,
      {
        query: 'devops engineer',
        country: 'gb',
        work_from_home: true,
        employment_types: ['CONTRACTOR'],
        date_posted: 'week',
      },
      1,
      10,
    );
    for (const posting of postings) {
      expect(posting.job_country).toBe('GB');
      expect(posting.job_is_remote).toBe(true);
      expect(posting.job_employment_types).toContain('CONTRACTOR');
      if (posting.job_posted_at_timestamp !== null) {
        expect(now.getTime() / 1000 - (posting.job_posted_at_timestamp as number)).toBeLessThanOrEqual(8 * 86400);
      }
    }
  });

  it('has duplicates within a query and across queries, like the real API', () => {
    const a = searchPage(options, { query: 'data engineer', country: 'us' }, 1, 20).map((posting) => posting.job_id);
    const b = searchPage(options, { query: 'software engineer', country: 'us' }, 1, 20).map(
      (posting) => posting.job_id,
    );
    expect(new Set(a).size).toBeLessThan(a.length);
    expect(a.filter((id) => b.includes(id)).length).toBeGreaterThan(0);
  });

  it('produces items the loader accepts', () => {
    for (const posting of searchPage(options, { query: 'bi developer' }, 1, 5)) {
      expect(checkItem(posting, jsearchShape)).toHaveProperty('id', posting.job_id);
    }
  });
});

describe('generatePostings (bulk)', () => {
  const postings = [...generatePostings({ seed: 1, count: 2000, now })];
  const text = (posting: Record<string, unknown>) => `${posting.job_title}\n${posting.job_description}`.toLowerCase();

  it('is deterministic and distinct', () => {
    expect([...generatePostings({ seed: 1, count: 5, now })]).toEqual(postings.slice(0, 5));
    expect(new Set(postings.map((posting) => posting.job_id)).size).toBeGreaterThan(1990);
  });

  it.each([
    ['machine learning', 0.02],
    ['power bi', 0.01],
    ['k8s', 0.005],
    ['golang', 0.005],
    ['sklearn', 0.002],
    ['node.js', 0.01],
    ['c++', 0.002],
    ['c#', 0.002],
    ['.net', 0.005],
    ['python', 0.2],
    ['sql', 0.2],
    ['communication', 0.02],
  ])('mentions %s in at least %d of postings', (skill, rate) => {
    const share = postings.filter((posting) => text(posting).includes(skill)).length / postings.length;
    expect(share).toBeGreaterThanOrEqual(rate);
  });

  it('has seniority cues at realistic rates', () => {
    const titles = postings.map((posting) => String(posting.job_title));
    const share = (pattern: RegExp) => titles.filter((title) => pattern.test(title)).length / titles.length;
    expect(share(/\b(senior|sr\.)/i)).toBeGreaterThan(0.15);
    expect(share(/\b(senior|sr\.)/i)).toBeLessThan(0.35);
    expect(share(/\b(junior|jr\.|entry level)/i)).toBeGreaterThan(0.04);
    expect(share(/\bintern\b/i)).toBeGreaterThan(0.01);
    expect(share(/\b(lead|principal|staff)\b/i)).toBeGreaterThan(0.05);
    expect(share(/\b(director|head of|vp)\b/i)).toBeGreaterThan(0.01);
  });

  it('has salaries in several periods and currencies, remote and hybrid, many countries', () => {
    const periods = new Set(postings.map((posting) => posting.job_salary_period).filter(Boolean));
    const currencies = new Set(postings.map((posting) => posting.job_salary_currency).filter(Boolean));
    const countries = new Set(postings.map((posting) => posting.job_country));
    expect([...periods].sort()).toEqual(['DAY', 'HOUR', 'MONTH', 'WEEK', 'YEAR']);
    expect(currencies.size).toBeGreaterThanOrEqual(5);
    expect(countries.size).toBeGreaterThanOrEqual(6);
    expect(postings.some((posting) => posting.job_is_remote === true)).toBe(true);
    expect(postings.some((posting) => /hybrid/i.test(String(posting.job_description)))).toBe(true);
    // Employer name variants of one company, and aggregators.
    expect(postings.some((posting) => /(Inc\.|LLC|Ltd)$/.test(String(posting.employer_name)))).toBe(true);
    expect(
      postings.some((posting) => posting.employer_name === 'Jobs via Dice' || posting.employer_name === 'Upwork'),
    ).toBe(true);
  });
});

describe('companySearch', () => {
  it('is loose: look-alikes beside the company, deterministically', () => {
    const all = EMPLOYER_BASE_NAMES.slice(0, 50).map((name) => companySearch(3, name));
    expect(all).toEqual(EMPLOYER_BASE_NAMES.slice(0, 50).map((name) => companySearch(3, name)));
    expect(all.some((results) => results.some((company) => company.name.startsWith('Thynk ')))).toBe(true);
    const found = all.filter((results, index) =>
      results.some((company) => company.name.replace(/ Inc\.$/, '') === EMPLOYER_BASE_NAMES[index]),
    );
    expect(found.length).toBeGreaterThan(35);
    expect(found.length).toBeLessThan(50);
  });
});
