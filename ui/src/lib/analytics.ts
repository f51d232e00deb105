// The insights page's charts from what $lib/server/analytics.ts read. Pure: the SQL decided the
// values and bands; this only lays them out with the same chart helpers as the profile page.
import {
  bandHistogram,
  COMPACT_FRAME,
  formatCount,
  type RunPoint,
  rankedBars,
  runSeriesChart,
  scoreHistogram,
} from './charts.ts';

export interface AnalyticsRows {
  skills: { skill: string; jobs: number }[];
  salaries: { location: string; currency: string; jobs: number; mid: number }[];
  volumes: { day: string; jobs: number }[];
  ratings: { band: string; companies: number }[];
  scores: { band: number; jobs: number }[];
}

const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** Days as points of the runs chart. Its markers are only for run statuses, so a day draws none. */
export function volumePoints(volumes: AnalyticsRows['volumes']): RunPoint[] {
  return volumes.map((volume) => ({ at: dayMs(volume.day), jobs: volume.jobs, status: 'day' }));
}

/** One sentence for screen readers instead of the daily volume line. */
export function describeVolumes(volumes: AnalyticsRows['volumes']): string {
  if (volumes.length === 0) return 'No jobs posted in the selected range.';
  const jobs = volumes.map((volume) => volume.jobs);
  const total = jobs.reduce((sum, value) => sum + value, 0);
  const busiest = volumes.reduce((best, volume) => (volume.jobs > best.jobs ? volume : best));
  const first = volumes[0]?.day;
  const last = volumes.at(-1)?.day;
  const span = volumes.length === 1 ? `On ${first}` : `From ${first} to ${last} (${volumes.length} days)`;
  return (
    `${span}: ${total} jobs posted, ${formatCount(Math.round((total / volumes.length) * 10) / 10)} per day on ` +
    `average; the busiest day was ${busiest.day} with ${busiest.jobs}.`
  );
}

/** Ranked jobs per 10-point band as the score histogram's ten counts. */
export function scoreCounts(scores: AnalyticsRows['scores']): number[] {
  const counts = Array.from({ length: 10 }, () => 0);
  for (const score of scores) {
    const index = score.band / 10;
    if (Number.isInteger(index) && index >= 0 && index < 10) counts[index] = (counts[index] ?? 0) + score.jobs;
  }
  return counts;
}

export const salaryLabel = (salary: AnalyticsRows['salaries'][number]): string =>
  `${salary.location} (${salary.currency})`;

export function analyticsCharts(rows: AnalyticsRows) {
  const skillItems = rows.skills.map((row) => ({ label: row.skill, value: row.jobs }));
  const salaryItems = rows.salaries.map((row) => ({ label: salaryLabel(row), value: row.mid }));
  const points = volumePoints(rows.volumes);
  const ratingBands = rows.ratings.map((row) => ({ label: row.band, tick: row.band, value: row.companies }));
  // The compact chart has room for the band's start only ("4.5"), like the score histogram's.
  const ratingBandsCompact = ratingBands.map((band) => ({ ...band, tick: band.label.split('–')[0] ?? band.label }));
  const scoreTotal = rows.scores.reduce((sum, row) => sum + row.jobs, 0);
  return {
    skills: skillItems.length > 0 ? rankedBars(skillItems) : null,
    skillsCompact: skillItems.length > 0 ? rankedBars(skillItems, { width: 340, labelWidth: 110 }) : null,
    salaries: salaryItems.length > 0 ? rankedBars(salaryItems, { labelWidth: 220, valueWidth: 64 }) : null,
    salariesCompact:
      salaryItems.length > 0 ? rankedBars(salaryItems, { width: 340, labelWidth: 150, valueWidth: 64 }) : null,
    volumes: points.length > 0 ? runSeriesChart(points) : null,
    volumesCompact: points.length > 0 ? runSeriesChart(points, COMPACT_FRAME, 3) : null,
    volumesSummary: describeVolumes(rows.volumes),
    volumeRows: rows.volumes,
    ratings: ratingBands.length > 0 ? bandHistogram(ratingBands) : null,
    ratingsCompact: ratingBands.length > 0 ? bandHistogram(ratingBandsCompact, COMPACT_FRAME) : null,
    scores: scoreTotal > 0 ? scoreHistogram(scoreCounts(rows.scores)) : null,
    scoresCompact: scoreTotal > 0 ? scoreHistogram(scoreCounts(rows.scores), COMPACT_FRAME, true) : null,
  };
}
