import { describe, expect, it } from 'vitest';
import { describeVolumes, scoreCounts } from '../../src/lib/analytics.ts';
import { analyticsHref, parseAnalyticsFilters, parseIsoDate } from '../../src/lib/analytics-params.ts';
import { bandHistogram, scoreHistogram } from '../../src/lib/charts.ts';

const parse = (query: string) => parseAnalyticsFilters(new URLSearchParams(query));

describe('parseAnalyticsFilters', () => {
  it('reads every filter and normalises the country', () => {
    expect(parse('profile=7&country=ca&from=2026-03-01&to=2026-03-31')).toEqual({
      ok: true,
      filters: { profileId: 7, country: 'CA', from: '2026-03-01', to: '2026-03-31' },
    });
  });

  it('treats empty parameters (an empty form field) as no filter', () => {
    expect(parse('profile=&country=&from=&to=')).toEqual({
      ok: true,
      filters: { profileId: null, country: null, from: null, to: null },
    });
  });

  it('names every bad value', () => {
    const parsed = parse('profile=0&country=xx&from=2026-13-01&to=yesterday');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(4);
    expect(parsed.errors.join(' ')).toMatch(/Profile.*"0".*Country.*"xx".*"From".*"2026-13-01".*"To".*"yesterday"/);
  });

  it('refuses a range that ends before it starts', () => {
    expect(parse('from=2026-03-02&to=2026-03-01')).toMatchObject({ ok: false });
    expect(parse('from=2026-03-01&to=2026-03-01')).toMatchObject({ ok: true });
  });

  it('accepts real calendar dates only', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-3-1')).toBeNull();
  });

  it('keys the same filters the same way, whatever the order and extra parameters', () => {
    const a = parse('to=2026-03-31&country=ca&junk=1');
    const b = parse('country=CA&to=2026-03-31');
    if (!a.ok || !b.ok) throw new Error('expected valid filters');
    expect(analyticsHref(a.filters)).toBe('/insights?country=CA&to=2026-03-31');
    expect(analyticsHref(b.filters)).toBe(analyticsHref(a.filters));
  });
});

describe('insights charts', () => {
  it('puts score bands into the histogram buckets', () => {
    expect(
      scoreCounts([
        { band: 90, jobs: 2 },
        { band: 0, jobs: 1 },
        { band: 100, jobs: 9 },
      ]),
    ).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('draws bands in the order given, and the score histogram as before', () => {
    const chart = bandHistogram([
      { label: '3.0–3.5', tick: '3.0', value: 4 },
      { label: 'unrated', tick: 'unrated', value: 2 },
    ]);
    expect(chart.bars.map((bar) => bar.label)).toEqual(['3.0–3.5', 'unrated']);
    expect(chart.bars[0]?.height).toBeGreaterThan(chart.bars[1]?.height ?? 0);
    expect(scoreHistogram([1, 2]).bars.map((bar) => bar.label)[9]).toBe('90–100');
  });

  it('describes the daily volumes in one sentence', () => {
    expect(describeVolumes([])).toBe('No jobs posted in the selected range.');
    expect(
      describeVolumes([
        { day: '2026-03-01', jobs: 2 },
        { day: '2026-03-02', jobs: 0 },
        { day: '2026-03-03', jobs: 4 },
      ]),
    ).toBe(
      'From 2026-03-01 to 2026-03-03 (3 days): 6 jobs posted, 2 per day on average; the busiest day was 2026-03-03 with 4.',
    );
  });
});
