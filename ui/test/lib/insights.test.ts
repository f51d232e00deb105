import { describe, expect, it } from 'vitest';
import {
  dataQualityLevel,
  healthChangesAt,
  healthInputOf,
  type ProfileRun,
  profileHealth,
  type RunStatus,
  summariseRuns,
} from '../../src/lib/insights.ts';

const run = (
  status: RunStatus,
  jobsFound: number | null,
  apiErrors = 0,
  durationS: number | null = 10,
): ProfileRun => ({
  dagRunId: `run-${Math.random()}`,
  startedAt: Date.now(),
  finishedAt: Date.now(),
  status,
  jobsFound,
  apiCalls: 1,
  apiErrors,
  durationS,
  errorMessage: null,
});

describe('summariseRuns', () => {
  it('computes totals, averages and the success rate over the last N counted runs', () => {
    const runs = [
      run('success', 10),
      run('skipped', null),
      run('failed', 0, 3, null),
      run('partial', 5, 1),
      run('success', 15),
      run('success', 30),
    ];
    const summary = summariseRuns(runs, 4);
    expect(summary.totalRuns).toBe(6);
    expect(summary.averageJobsPerRun).toBe(12);
    expect(summary.runsInWindow).toBe(4);
    expect(summary.successRate).toBe(0.5);
    expect(summary.totalApiErrors).toBe(4);
    expect(summary.averageDurationS).toBe(10);
  });

  it('has no rates without runs', () => {
    expect(summariseRuns([])).toMatchObject({ totalRuns: 0, averageJobsPerRun: null, successRate: null });
  });
});

describe('profileHealth', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const base = { isActive: true, lastRunAt: hoursAgo(5), lastRunStatus: 'success', lastRunJobCount: 12 };

  it.each([
    ['healthy', base],
    ['paused', { ...base, isActive: false, lastRunStatus: 'failed' }],
    ['never-run', { ...base, lastRunAt: null }],
    ['failing', { ...base, lastRunStatus: 'failed' }],
    ['warning', { ...base, lastRunStatus: 'partial' }],
    ['warning', { ...base, lastRunJobCount: 0 }],
    ['warning', { ...base, lastRunAt: hoursAgo(72) }],
    ['healthy', { ...base, lastRunAt: hoursAgo(5).getTime() }],
    ['warning', { ...base, lastRunAt: hoursAgo(72).getTime() }],
  ] as const)('%s for %o', (level, input) => {
    expect(profileHealth(input, now).level).toBe(level);
  });

  it('says why a profile is stale', () => {
    expect(profileHealth({ ...base, lastRunAt: hoursAgo(80) }, now)).toEqual({
      level: 'warning',
      label: 'Stale',
      reason: 'No run for 3 days',
    });
  });
});

describe('dataQualityLevel', () => {
  it.each([
    [null, 'none'],
    [{ dagRunId: 'r', passed: 0, warned: 0, failed: 0 }, 'none'],
    [{ dagRunId: 'r', passed: 10, warned: 0, failed: 0 }, 'pass'],
    [{ dagRunId: 'r', passed: 10, warned: 2, failed: 0 }, 'warn'],
    [{ dagRunId: 'r', passed: 10, warned: 2, failed: 1 }, 'fail'],
  ] as const)('%o → %s', (dq, level) => {
    expect(dataQualityLevel(dq)).toBe(level);
  });
});

describe('healthChangesAt', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const base = { isActive: true, lastRunStatus: 'success', lastRunJobCount: 3 };

  it('never changes for paused, never-run and failing profiles', () => {
    for (const input of [
      { ...base, isActive: false, lastRunAt: now },
      { ...base, lastRunAt: null },
      { ...base, lastRunStatus: 'failed', lastRunAt: 0 },
    ]) {
      expect(healthChangesAt(input, now)).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it('knows until when the badge and its reason read the same', () => {
    for (let step = 0; step < 300; step += 1) {
      const input = { ...base, lastRunAt: now.getTime() - step * 1_111_111.5 };
      const health = profileHealth(input, now);
      const until = healthChangesAt(input, now);
      expect(until).toBeGreaterThan(now.getTime());
      expect(profileHealth(input, new Date(Math.ceil(until) - 1))).toEqual(health);
      expect(profileHealth(input, new Date(Math.ceil(until) + 2))).not.toEqual(health);
    }
  });
});

describe('healthInputOf', () => {
  it('reads a profile row as the health input', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const row = {
      is_active: true,
      last_run_at: now.getTime() - 3_600_000,
      last_run_status: 'failed',
      last_run_job_count: 0,
    };
    expect(healthInputOf(row)).toEqual({
      isActive: true,
      lastRunAt: now.getTime() - 3_600_000,
      lastRunStatus: 'failed',
      lastRunJobCount: 0,
    });
    expect(profileHealth(healthInputOf(row), now).level).toBe('failing');
    expect(profileHealth(healthInputOf({ ...row, is_active: false }), now).level).toBe('paused');
  });
});
