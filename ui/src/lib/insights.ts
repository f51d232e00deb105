// Pure summaries of a profile's runs: the health badge on the list and the aggregates on the
// detail page. Times come in as Date; "now" is passed in so the rules are testable.

export const RUN_STATUSES = ['success', 'partial', 'failed', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One pipeline run as one profile saw it (its rows of marts.pipeline_run_metrics for a dag_run_id). */
export interface ProfileRun {
  dagRunId: string;
  /** Epoch milliseconds (numbers, not Dates: hundreds of runs are parsed and serialised per page). */
  startedAt: number | null;
  finishedAt: number | null;
  status: RunStatus;
  jobsFound: number | null;
  apiCalls: number;
  apiErrors: number;
  durationS: number | null;
  errorMessage: string | null;
}

export interface RunSummary {
  totalRuns: number;
  averageJobsPerRun: number | null;
  /** Share of successful runs among the last `window` runs that were not skipped, 0–1. */
  successRate: number | null;
  successWindow: number;
  runsInWindow: number;
  totalApiErrors: number;
  averageDurationS: number | null;
}

const mean = (values: number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/** What the aggregates need of a run. */
export type RunOutcome = Pick<ProfileRun, 'status' | 'jobsFound' | 'apiErrors' | 'durationS'>;

/** Runs must be newest first. Skipped runs count as runs but not toward averages or success. */
export function summariseRuns(runs: readonly RunOutcome[], successWindow = 10): RunSummary {
  const counted = runs.filter((run) => run.status !== 'skipped');
  const recent = counted.slice(0, successWindow);
  const jobs = counted.map((run) => run.jobsFound).filter((value): value is number => value !== null);
  const durations = counted.map((run) => run.durationS).filter((value): value is number => value !== null);
  return {
    totalRuns: runs.length,
    averageJobsPerRun: mean(jobs),
    successRate: recent.length === 0 ? null : recent.filter((run) => run.status === 'success').length / recent.length,
    successWindow,
    runsInWindow: recent.length,
    totalApiErrors: runs.reduce((sum, run) => sum + run.apiErrors, 0),
    averageDurationS: mean(durations),
  };
}

export type HealthLevel = 'healthy' | 'warning' | 'failing' | 'never-run' | 'paused';

export interface Health {
  level: HealthLevel;
  label: string;
  reason: string;
}

export interface HealthInput {
  isActive: boolean;
  /** A Date or epoch milliseconds. */
  lastRunAt: Date | number | null;
  lastRunStatus: string | null;
  lastRunJobCount: number | null;
}

/** A profile row's run columns, as the pages load them. */
export interface ProfileRunColumns {
  is_active: boolean;
  last_run_at: Date | number | null;
  last_run_status: string | null;
  last_run_job_count: number | null;
}

export const healthInputOf = (profile: ProfileRunColumns): HealthInput => ({
  isActive: profile.is_active,
  lastRunAt: profile.last_run_at,
  lastRunStatus: profile.last_run_status,
  lastRunJobCount: profile.last_run_job_count,
});

// The DAG runs daily; a profile not seen for two days has been missed at least once.
export const STALE_AFTER_HOURS = 48;

export function profileHealth(profile: HealthInput, now: Date): Health {
  if (!profile.isActive) return { level: 'paused', label: 'Paused', reason: 'Inactive: not extracted or mailed' };
  if (profile.lastRunAt === null) {
    return { level: 'never-run', label: 'No runs yet', reason: 'Waiting for the next daily run' };
  }
  if (profile.lastRunStatus === 'failed') {
    return { level: 'failing', label: 'Failing', reason: 'The last run failed' };
  }
  const lastRunAt = typeof profile.lastRunAt === 'number' ? profile.lastRunAt : profile.lastRunAt.getTime();
  const hoursSince = (now.getTime() - lastRunAt) / 3_600_000;
  if (hoursSince > STALE_AFTER_HOURS) {
    return { level: 'warning', label: 'Stale', reason: `No run for ${Math.floor(hoursSince / 24)} days` };
  }
  if (profile.lastRunStatus === 'partial') {
    return { level: 'warning', label: 'Partial', reason: 'The last run finished with errors' };
  }
  if (profile.lastRunJobCount === 0) {
    return { level: 'warning', label: 'No jobs', reason: 'The last run found no jobs' };
  }
  return { level: 'healthy', label: 'Healthy', reason: 'The last run succeeded' };
}

/**
 * Epoch ms until which `profileHealth(profile, at)` stays what it is at `now` (its label and reason
 * depend on the time only through the hours since the last run). Infinity: never changes.
 */
export function healthChangesAt(profile: HealthInput, now: Date): number {
  if (!profile.isActive || profile.lastRunAt === null || profile.lastRunStatus === 'failed') {
    return Number.POSITIVE_INFINITY;
  }
  const lastRunAt = typeof profile.lastRunAt === 'number' ? profile.lastRunAt : profile.lastRunAt.getTime();
  const staleAt = lastRunAt + STALE_AFTER_HOURS * 3_600_000;
  if (now.getTime() <= staleAt) return staleAt;
  // Stale: the reason counts whole days since the last run.
  return lastRunAt + (Math.floor((now.getTime() - lastRunAt) / 86_400_000) + 1) * 86_400_000 - 1;
}

export interface DataQuality {
  dagRunId: string;
  passed: number;
  warned: number;
  failed: number;
}

export type DataQualityLevel = 'pass' | 'warn' | 'fail' | 'none';

export function dataQualityLevel(dq: DataQuality | null): DataQualityLevel {
  if (!dq || dq.passed + dq.warned + dq.failed === 0) return 'none';
  if (dq.failed > 0) return 'fail';
  if (dq.warned > 0) return 'warn';
  return 'pass';
}
