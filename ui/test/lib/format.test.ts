import { describe, expect, it } from 'vitest';
import { formatPosted as digestFormatPosted } from '../../../notifier/src/present.ts';
import {
  ageChangesAt,
  formatAge,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatPosted,
  formatSalaryRange,
  joinPlace,
  postedAgeChangesAt,
  safeHttpUrl,
} from '../../src/lib/format.ts';

describe('format helpers', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it('formats times in UTC', () => {
    expect(formatDateTime(new Date('2026-11-28T07:05:09Z'))).toBe('2026-11-28 07:05 UTC');
    expect(formatDateTime('2026-01-02T03:04:00Z')).toBe('2026-01-02 03:04 UTC');
    expect(formatDateTime(Date.UTC(2026, 0, 2, 3, 4))).toBe('2026-01-02 03:04 UTC');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('nonsense')).toBe('—');
  });

  it.each([
    [null, 'never'],
    [new Date(now.getTime() - 10_000), 'just now'],
    [new Date(now.getTime() - 5 * 60_000), '5 min ago'],
    [new Date(now.getTime() - 3 * 3_600_000), '3 h ago'],
    [new Date(now.getTime() - 4 * 86_400_000), '4 days ago'],
    [now.getTime() - 5 * 60_000, '5 min ago'],
    [now.getTime() - 3 * 3_600_000, '3 h ago'],
  ])('age of %s is %s', (date, text) => {
    expect(formatAge(date, now)).toBe(text);
  });

  it('formats durations, percentages and numbers', () => {
    expect([formatDuration(4.25), formatDuration(42), formatDuration(125), formatDuration(null)]).toEqual([
      '4.3 s',
      '42 s',
      '2 min 5 s',
      '—',
    ]);
    expect([formatPercent(0.666), formatPercent(null)]).toEqual(['67 %', '—']);
    expect([formatNumber(1234.56, 1), formatNumber(undefined)]).toEqual(['1,234.6', '—']);
    expect([formatNumber(0), formatNumber(365), formatNumber(-12), formatNumber(1000), formatNumber(2.5)]).toEqual([
      '0',
      '365',
      '-12',
      '1,000',
      '3',
    ]);
  });

  it('formats salary ranges', () => {
    expect(formatSalaryRange(90000, 130000, 'CAD')).toBe('90k–130k CAD');
    expect(formatSalaryRange(95500, null)).toBe('from 95.5k');
    expect(formatSalaryRange(null, 800)).toBe('up to 800');
    expect(formatSalaryRange(100000, 100000)).toBe('100k');
    expect(formatSalaryRange(null, null)).toBe('—');
  });

  it('only lets http(s) URLs through', () => {
    expect(safeHttpUrl('https://example.com/apply?id=1')).toBe('https://example.com/apply?id=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>1</script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it('joins places', () => {
    expect(joinPlace('Toronto', null, ' CA ')).toBe('Toronto, CA');
    expect(joinPlace(null, '')).toBe('—');
  });
});

describe('country names', async () => {
  const { countryName, isCountryCode, COUNTRY_OPTIONS, languageName } = await import('../../src/lib/countries.ts');
  it('names ISO codes in either case and leaves anything else alone', () => {
    expect([countryName('ca'), countryName('CA'), countryName('usa'), countryName('')]).toEqual([
      'Canada',
      'Canada',
      'usa',
      '',
    ]);
    expect(isCountryCode('gb')).toBe(true);
    expect(COUNTRY_OPTIONS).toHaveLength(249);
    expect(languageName('fr')).toBe('French');
  });

  it('knows until when an age reads the same (the page cache relies on it)', () => {
    const now = new Date('2026-11-28T12:00:00.250Z');
    expect(ageChangesAt(null, now)).toBe(Number.POSITIVE_INFINITY);
    const base = now.getTime();
    // Ages from the future to a year, at awkward offsets (fractional ms as PostgreSQL sends them).
    const offsets = [-90_000, -1, 0, 29_999, 30_000.5, 59_000, 3_599_000, 3_630_000, 7_170_000.25, 172_769_000];
    for (let step = 0; step < 400; step += 1) offsets.push(step * 1_234_567.891, step * 97_531_000);
    for (const offset of offsets) {
      const value = base - offset;
      const text = formatAge(value, now);
      const until = ageChangesAt(value, now);
      expect(until, `offset ${offset}`).toBeGreaterThan(base - 2);
      expect(formatAge(value, new Date(Math.ceil(until) - 1)), `offset ${offset}`).toBe(text);
      // …and not much longer: 2 ms later the text has changed.
      expect(formatAge(value, new Date(Math.ceil(until) + 2)), `offset ${offset}`).not.toBe(text);
    }
  });
});

describe('formatPosted', () => {
  // The digest words fact_jobs.job_age_days too: the app and the mail must say the same thing.
  it.each([null, 0, 0.9, 1, 2, 4, 30])('words %s days as the digest does', (days) => {
    expect(formatPosted(days)).toBe(digestFormatPosted(days));
  });

  it('says today, yesterday and N days ago', () => {
    expect([0, 1, 4].map(formatPosted)).toEqual(['posted today', 'posted yesterday', 'posted 4 days ago']);
  });
});

describe('postedAgeChangesAt', () => {
  it('is the end of the current 24-hour period since posting', () => {
    const postedAt = Date.UTC(2026, 10, 1, 23, 30);
    const now = new Date(postedAt + 4 * 86_400_000 + 3_600_000);
    expect(postedAgeChangesAt(postedAt, now)).toBe(postedAt + 5 * 86_400_000 - 1);
    expect(postedAgeChangesAt(null, now)).toBe(Number.POSITIVE_INFINITY);
  });
});
