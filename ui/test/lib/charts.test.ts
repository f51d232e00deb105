import { describe, expect, it } from 'vitest';
import {
  COMPACT_FRAME,
  DEFAULT_FRAME,
  describeRuns,
  formatCount,
  movingAverage,
  niceScale,
  rankedBars,
  runSeriesChart,
  scoreHistogram,
  WIDE_FRAME,
} from '../../src/lib/charts.ts';

describe('niceScale', () => {
  it.each([
    [0, 4, 1],
    [3, 3, 1],
    [7, 8, 2],
    [45, 60, 20],
    [100, 100, 25],
    [1234, 1500, 500],
  ])('max %d → axis to %d in steps of %d', (max, axis, step) => {
    expect(niceScale(max)).toEqual({ max: axis, step });
  });

  it('handles fractions', () => {
    expect(niceScale(0.9).max).toBeGreaterThanOrEqual(0.9);
  });
});

/** The [x, y] pairs of path data: "M1,2 3,4" or "M1,2h0M3,4h0". */
const pointsOf = (path: string): [number, number][] =>
  [...path.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);

describe('runSeriesChart', () => {
  const day = 86_400_000;
  const start = Date.UTC(2026, 0, 1);
  const runs = [
    { at: start + 2 * day, jobs: 20, status: 'success' },
    { at: start, jobs: 10, status: 'success' },
    { at: start + 4 * day, jobs: 0, status: 'failed' },
  ];

  it('places runs oldest first on a time axis inside the frame', () => {
    const chart = runSeriesChart(runs);
    const plotRight = WIDE_FRAME.width - WIDE_FRAME.right;
    const points = pointsOf(chart.line);
    expect(chart.line).toMatch(/^M\d+,\d+( \d+,\d+){2}$/);
    expect(points.map(([x]) => x)).toEqual([WIDE_FRAME.left, Math.round((WIDE_FRAME.left + plotRight) / 2), plotRight]);
    const [oldest, middle, newest] = points.map(([, y]) => y) as [number, number, number];
    expect(newest).toBe(chart.baseline);
    expect(middle).toBeLessThan(oldest);
    expect(chart.area).toBe(`${chart.line} ${plotRight},${chart.baseline} ${WIDE_FRAME.left},${chart.baseline}Z`);
    expect(chart.xTicks[0]?.label).toBe('2026-01-01');
    expect(chart.trend).toBe('');
  });

  it('draws a few runs as one dot path per status, each with one tooltip', () => {
    const chart = runSeriesChart(runs);
    expect(chart.markers.map((markers) => [markers.status, markers.count])).toEqual([
      ['success', 2],
      ['failed', 1],
    ]);
    const [success, failed] = chart.markers;
    expect(pointsOf(success?.path ?? '')).toEqual(pointsOf(chart.line).slice(0, 2));
    expect(failed?.path).toBe(`M${WIDE_FRAME.width - WIDE_FRAME.right},${chart.baseline}h0`);
    expect(failed?.title).toBe('Failed runs: 2026-01-05 (0 jobs)');
    expect(success?.title).toBe('Successful runs: 2026-01-01 (10 jobs), 2026-01-03 (20 jobs)');
    expect(chart.markerSize).toBe(7);
  });

  it('keeps hundreds of runs to a few paths: line, area, trend and the runs that did not succeed', () => {
    const many = Array.from({ length: 40 }, (_, index) => ({
      at: start + index * day,
      jobs: index % 2 === 0 ? 10 : 30,
      status: 'success',
    }));
    const chart = runSeriesChart(many);
    expect(chart.trendWindow).toBe(7);
    expect(chart.markers[0]?.count).toBe(40);
    expect(pointsOf(chart.trend)).toHaveLength(40);
    expect(chart.xTicks).toHaveLength(5);
    const year = runSeriesChart(
      Array.from({ length: 365 }, (_, index) => ({
        at: start + index * day,
        jobs: 20,
        status: index % 10 === 0 ? 'failed' : index % 10 === 5 ? 'partial' : 'success',
      })),
    );
    expect(year.markers.map((markers) => [markers.status, markers.count])).toEqual([
      ['partial', 36],
      ['failed', 37],
    ]);
    expect(year.markerSize).toBe(5);
    expect(pointsOf(year.line)).toHaveLength(365);
    // Whole units: a year of history stays a few kilobytes of path data.
    expect(year.line.length).toBeLessThan(365 * 9);
    expect(year.line).not.toContain('.');
  });

  it('copes with one run and with none', () => {
    expect(pointsOf(runSeriesChart([runs[0] as (typeof runs)[0]]).line)).toEqual([
      [WIDE_FRAME.left + (WIDE_FRAME.width - WIDE_FRAME.left - WIDE_FRAME.right) / 2, WIDE_FRAME.top],
    ]);
    const empty = runSeriesChart([]);
    expect(empty.markers).toEqual([]);
    expect(empty.line).toBe('');
    expect(empty.area).toBe('');
  });
});

describe('movingAverage', () => {
  it('averages the trailing window', () => {
    expect(movingAverage([2, 4, 6, 8], 2)).toEqual([2, 3, 5, 7]);
  });
});

describe('scoreHistogram', () => {
  it('draws ten buckets with heights proportional to counts', () => {
    const chart = scoreHistogram([0, 0, 1, 2, 4]);
    expect(chart.bars).toHaveLength(10);
    expect(chart.bars.map((bar) => bar.value)).toEqual([0, 0, 1, 2, 4, 0, 0, 0, 0, 0]);
    expect(chart.bars[4]?.height).toBe(DEFAULT_FRAME.height - DEFAULT_FRAME.top - DEFAULT_FRAME.bottom);
    expect(chart.bars[3]?.height).toBeCloseTo((chart.bars[4]?.height ?? 0) / 2, 0);
    expect(chart.bars[0]?.label).toBe('0–10');
    expect(chart.bars[9]?.label).toBe('90–100');
    expect(chart.yTicks.at(-1)?.label).toBe('4');
  });
});

describe('rankedBars', () => {
  it('sorts by value then label and scales to the largest', () => {
    const chart = rankedBars([
      { label: 'python', value: 5 },
      { label: 'sql', value: 10 },
      { label: 'aws', value: 5 },
    ]);
    expect(chart.bars.map((bar) => bar.label)).toEqual(['sql', 'aws', 'python']);
    expect(chart.bars[1]?.width).toBeCloseTo((chart.bars[0]?.width ?? 0) / 2, 0);
    expect(chart.bars[0]?.share).toBe(0.5);
    expect(chart.height).toBe(66);
  });
});

describe('formatCount', () => {
  it('abbreviates thousands and keeps one decimal for fractions', () => {
    expect([formatCount(3), formatCount(2.5), formatCount(25000)]).toEqual(['3', '2.5', '25k']);
  });
});

describe('describeRuns', () => {
  it('says what the runs chart shows in one sentence', () => {
    const day = 86_400_000;
    const runs = [
      { at: 3 * day, jobs: 12, status: 'success' },
      { at: 1 * day, jobs: 0, status: 'failed' },
      { at: 2 * day, jobs: 9, status: 'partial' },
    ];
    expect(describeRuns(runs)).toBe(
      '3 runs from 1970-01-02 to 1970-01-04: between 0 and 12 jobs found per run, 7 on average; ' +
        'the latest found 12. 1 failed and 1 partial runs.',
    );
    expect(describeRuns([])).toBe('No runs yet.');
  });
});

describe('compact charts', () => {
  it('label score bands by their start and fit a phone-sized frame', () => {
    const chart = scoreHistogram([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], COMPACT_FRAME, true);
    expect(chart.bars.map((bar) => bar.tick)).toEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80', '90']);
    expect(chart.bars[9]?.label).toBe('90–100');
    expect(Math.max(...chart.bars.map((bar) => bar.x + bar.width))).toBeLessThanOrEqual(COMPACT_FRAME.width);
  });
});
