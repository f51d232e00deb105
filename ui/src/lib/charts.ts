// Geometry for the server-rendered SVG charts. Pure: data in, coordinates and labels out; the
// Svelte components only draw what this returns, so pages need no JavaScript to show charts.

export interface Frame {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const DEFAULT_FRAME: Frame = { width: 540, height: 240, top: 12, right: 12, bottom: 28, left: 40 };
export const WIDE_FRAME: Frame = { width: 1100, height: 260, top: 12, right: 16, bottom: 28, left: 44 };
/** About a phone's width in CSS pixels, so 11px labels stay about 11px when drawn there. */
export const COMPACT_FRAME: Frame = { width: 360, height: 220, top: 12, right: 10, bottom: 26, left: 34 };

export interface Tick {
  position: number;
  label: string;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** A "nice" axis maximum (1, 2, 2.5 or 5 × 10^n) at or above `max`, split into `count` steps. */
export function niceScale(max: number, count = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: count, step: 1 };
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const wholeStep = max >= count ? Math.max(1, Math.round(step)) : step;
  return { max: wholeStep * Math.ceil(max / wholeStep), step: wholeStep };
}

function yTicks(frame: Frame, scaleMax: number, step: number): Tick[] {
  const ticks: Tick[] = [];
  const plotHeight = frame.height - frame.top - frame.bottom;
  for (let value = 0; value <= scaleMax + step / 2; value += step) {
    ticks.push({
      position: round1(frame.top + plotHeight - (value / scaleMax) * plotHeight),
      label: formatCount(value),
    });
  }
  return ticks;
}

export function formatCount(value: number): string {
  if (value >= 10_000) return `${round1(value / 1000)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export interface RunPoint {
  /** Start of the run, epoch milliseconds. */
  at: number;
  jobs: number;
  status: string;
}

// Beyond this many runs a dot per run is noise: only failed/partial runs keep their dot.
export const ALL_DOTS_MAX_RUNS = 60;

/** The runs of one status as a single path: a zero-length segment per run, drawn as a dot by round caps. */
export interface RunMarkers {
  status: string;
  path: string;
  count: number;
  /** One tooltip for the whole set, e.g. "Failed runs: 2026-01-05 (0 jobs), …". */
  title: string;
}

// Hundreds of runs become a few path strings, not hundreds of elements: the page stays small and
// cheap to render. Whole units are finer than a pixel of the drawn chart.
export interface RunSeriesChart {
  frame: Frame;
  /** The dots worth drawing, one path per status: every run when there are few, else the ones that did not succeed. */
  markers: RunMarkers[];
  /** Diameter of a dot (the markers' stroke width). */
  markerSize: number;
  line: string;
  area: string;
  /** Trailing moving average, drawn when there are enough runs for day-to-day noise to hide the trend. */
  trend: string;
  trendWindow: number;
  yTicks: Tick[];
  xTicks: Tick[];
  baseline: number;
}

const shortDate = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** Trailing mean over `window` values (shorter at the start). */
export function movingAverage(values: readonly number[], window: number): number[] {
  let sum = 0;
  return values.map((value, index) => {
    sum += value;
    if (index >= window) sum -= values[index - window] ?? 0;
    return sum / Math.min(index + 1, window);
  });
}

export const TREND_MIN_RUNS = 30;

const STATUS_ORDER = ['success', 'partial', 'failed'];
const STATUS_LABELS: Record<string, string> = {
  success: 'Successful runs',
  partial: 'Partial runs',
  failed: 'Failed runs',
};

/** "M1,2 3,4 5,6": a polyline as path data (coordinates after the first pair are implicit line-tos). */
const polyline = (xs: readonly number[], ys: readonly number[]): string => {
  let path = '';
  for (let index = 0; index < xs.length; index += 1) path += `${index === 0 ? 'M' : ' '}${xs[index]},${ys[index]}`;
  return path;
};

/** Jobs found per run over time; points oldest first on a time axis. */
export function runSeriesChart(runs: readonly RunPoint[], frame: Frame = WIDE_FRAME, maxXTicks = 5): RunSeriesChart {
  const sorted = [...runs].sort((a, b) => a.at - b.at);
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const baseline = frame.top + plotHeight;
  let maxJobs = 0;
  for (const run of sorted) maxJobs = Math.max(maxJobs, run.jobs);
  const { max, step } = niceScale(maxJobs);
  const first = sorted[0]?.at ?? 0;
  const last = sorted.at(-1)?.at ?? 0;
  const span = last - first;
  const xOf = (time: number, index: number): number =>
    frame.left + (span > 0 ? ((time - first) / span) * plotWidth : sorted.length > 1 ? index : plotWidth / 2);
  const yOf = (jobs: number): number => Math.round(baseline - (jobs / max) * plotHeight);
  const xs = sorted.map((run, index) => Math.round(xOf(run.at, index)));
  const ys = sorted.map((run) => yOf(run.jobs));
  const allDots = sorted.length <= ALL_DOTS_MAX_RUNS;
  const markers: RunMarkers[] = [];
  for (const status of STATUS_ORDER) {
    if (status === 'success' && !allDots) continue;
    let path = '';
    const dates: string[] = [];
    sorted.forEach((run, index) => {
      if (run.status !== status) return;
      path += `M${xs[index]},${ys[index]}h0`;
      dates.push(`${shortDate(run.at)} (${run.jobs} jobs)`);
    });
    if (dates.length > 0) {
      markers.push({ status, path, count: dates.length, title: `${STATUS_LABELS[status]}: ${dates.join(', ')}` });
    }
  }
  const line = polyline(xs, ys);
  const area = xs.length > 0 ? `${line} ${xs.at(-1)},${baseline} ${xs[0]},${baseline}Z` : '';
  const trendWindow = sorted.length >= TREND_MIN_RUNS ? 7 : 0;
  const trend =
    trendWindow > 0
      ? polyline(
          xs,
          movingAverage(
            sorted.map((run) => run.jobs),
            trendWindow,
          ).map(yOf),
        )
      : '';
  const xTicks: Tick[] = [];
  if (sorted.length > 0) {
    const tickCount = Math.min(maxXTicks, sorted.length);
    for (let index = 0; index < tickCount; index += 1) {
      const time = tickCount === 1 ? first : first + (span * index) / (tickCount - 1);
      xTicks.push({ position: round1(xOf(time, index)), label: shortDate(time) });
    }
  }
  return {
    frame,
    markers,
    markerSize: allDots ? 7 : 5,
    line,
    area,
    trend,
    trendWindow,
    yTicks: yTicks(frame, max, step),
    xTicks,
    baseline,
  };
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  /** What the axis shows under the bar (the compact chart shows only the band's start). */
  tick: string;
  value: number;
}

export interface BarChart {
  frame: Frame;
  bars: Bar[];
  yTicks: Tick[];
  baseline: number;
}

/** A bar per band, in the given order: e.g. score or rating bands. */
export function bandHistogram(
  bands: readonly { label: string; tick: string; value: number }[],
  frame: Frame = DEFAULT_FRAME,
): BarChart {
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const baseline = frame.top + plotHeight;
  const { max, step } = niceScale(Math.max(0, ...bands.map((band) => band.value)));
  const slot = plotWidth / Math.max(1, bands.length);
  const bars = bands.map((band, index) => {
    const height = round1((band.value / max) * plotHeight);
    return {
      x: round1(frame.left + index * slot + 2),
      y: round1(baseline - height),
      width: round1(slot - 4),
      height,
      label: band.label,
      tick: band.tick,
      value: band.value,
    };
  });
  return { frame, bars, yTicks: yTicks(frame, max, step), baseline };
}

/** Score distribution in ten 10-point buckets (0–10 … 90–100). `buckets[i]` counts bucket i. */
export function scoreHistogram(counts: readonly number[], frame: Frame = DEFAULT_FRAME, compact = false): BarChart {
  return bandHistogram(
    Array.from({ length: 10 }, (_, index) => ({
      label: `${index * 10}–${index * 10 + 10}`,
      tick: compact ? String(index * 10) : `${index * 10}–${index * 10 + 10}`,
      value: counts[index] ?? 0,
    })),
    frame,
  );
}

export interface LabelledBar {
  y: number;
  width: number;
  height: number;
  label: string;
  value: number;
  share: number;
}

/** Horizontal bars, largest first, for "top skills among this profile's jobs". */
export function rankedBars(
  items: readonly { label: string; value: number }[],
  // valueWidth: room right of the longest bar for its value ("160,000" needs more than "12").
  { width = 540, rowHeight = 22, labelWidth = 140, valueWidth = 48 } = {},
): { width: number; height: number; labelWidth: number; bars: LabelledBar[] } {
  const sorted = [...items].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const max = Math.max(1, ...sorted.map((item) => item.value));
  const total = sorted.reduce((sum, item) => sum + item.value, 0);
  const barSpace = width - labelWidth - valueWidth;
  const bars = sorted.map((item, index) => ({
    y: index * rowHeight,
    width: round1(Math.max(2, (item.value / max) * barSpace)),
    height: rowHeight - 6,
    label: item.label,
    value: item.value,
    share: total > 0 ? item.value / total : 0,
  }));
  return { width, height: Math.max(rowHeight, sorted.length * rowHeight), labelWidth, bars };
}

/** One sentence a screen reader can say instead of the runs chart: span, range, average, problems. */
export function describeRuns(runs: readonly RunPoint[]): string {
  if (runs.length === 0) return 'No runs yet.';
  const sorted = [...runs].sort((a, b) => a.at - b.at);
  const jobs = sorted.map((run) => run.jobs);
  const average = jobs.reduce((sum, value) => sum + value, 0) / jobs.length;
  const count = (status: string) => sorted.filter((run) => run.status === status).length;
  const last = sorted.at(-1) as RunPoint;
  const first = sorted[0] as RunPoint;
  const span =
    sorted.length === 1
      ? `1 run on ${shortDate(first.at)}`
      : `${sorted.length} runs from ${shortDate(first.at)} to ${shortDate(last.at)}`;
  return (
    `${span}: between ${Math.min(...jobs)} and ${Math.max(...jobs)} jobs found per run, ` +
    `${formatCount(Math.round(average * 10) / 10)} on average; the latest found ${last.jobs}. ` +
    `${count('failed')} failed and ${count('partial')} partial runs.`
  );
}
