import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME,
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
    expect(chart.dots.map((point) => point.jobs)).toEqual([10, 20, 0]);
    expect(chart.dots[0]?.x).toBe(WIDE_FRAME.left);
    expect(chart.dots[2]?.x).toBe(plotRight);
    expect(chart.dots[1]?.x).toBeCloseTo((WIDE_FRAME.left + plotRight) / 2, 0);
    expect(chart.dots[2]?.y).toBe(chart.baseline);
    expect(chart.dots[1]?.y).toBeLessThan(chart.dots[0]?.y ?? 0);
    expect(chart.line.startsWith(`M${WIDE_FRAME.left},`)).toBe(true);
    expect(chart.area.endsWith('Z')).toBe(true);
    expect(chart.dots[2]?.title).toBe('2026-01-05: 0 jobs (failed)');
    expect(chart.xTicks[0]?.label).toBe('2026-01-01');
    expect(chart.trend).toBe('');
  });

  it('draws a moving average once there are many runs', () => {
    const many = Array.from({ length: 40 }, (_, index) => ({
      at: start + index * day,
      jobs: index % 2 === 0 ? 10 : 30,
      status: 'success',
    }));
    const chart = runSeriesChart(many);
    expect(chart.trendWindow).toBe(7);
    expect(chart.dots).toHaveLength(40);
    const many365 = runSeriesChart(
      Array.from({ length: 365 }, (_, index) => ({
        at: start + index * day,
        jobs: 20,
        status: index % 10 === 0 ? 'failed' : 'success',
      })),
    );
    expect(many365.dots.map((dot) => dot.status)).toEqual(Array.from({ length: 37 }, () => 'failed'));
    expect(many365.dotRadius).toBe(2.5);
    expect(chart.trend.split('L')).toHaveLength(40);
    expect(chart.xTicks).toHaveLength(5);
  });

  it('copes with one run and with none', () => {
    expect(runSeriesChart([runs[0] as (typeof runs)[0]]).dots[0]?.x).toBe(
      WIDE_FRAME.left + (WIDE_FRAME.width - WIDE_FRAME.left - WIDE_FRAME.right) / 2,
    );
    const empty = runSeriesChart([]);
    expect(empty.dots).toEqual([]);
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
