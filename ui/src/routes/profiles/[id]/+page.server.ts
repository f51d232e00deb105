import { error, redirect } from '@sveltejs/kit';
import { rankedBars, runSeriesChart, scoreHistogram } from '$lib/charts.ts';
import { dataQualityLevel, profileHealth, summariseRuns, topReasons } from '$lib/insights.ts';
import { getLastRunDataQuality, getRuns, getScoreSummary, getTopJobs, getTopSkills } from '$lib/server/insights.ts';
import { profileIdFrom } from '$lib/server/params.ts';
import { getProfile } from '$lib/server/profiles.ts';
import { toggleFromForm } from '$lib/server/toggle.ts';
import type { Actions, PageServerLoad } from './$types';

// Everything, charts included, is rendered on the server; the page ships no JavaScript.
export const csr = false;

const HISTORY_RUNS = 400;
const TABLE_RUNS = 30;
const SUCCESS_WINDOW = 10;

export const load: PageServerLoad = async ({ params, url }) => {
  const profileId = profileIdFrom(params.id);
  const [profile, runs, dataQuality, scores, skills, jobs] = await Promise.all([
    getProfile(profileId),
    getRuns(profileId, HISTORY_RUNS),
    getLastRunDataQuality(profileId),
    getScoreSummary(profileId),
    getTopSkills(profileId, 12),
    getTopJobs(profileId, 10),
  ]);
  if (!profile) error(404, 'No such profile');
  const now = new Date();
  const chartRuns = runs
    .filter((run) => run.startedAt !== null && run.status !== 'skipped')
    .map((run) => ({ at: run.startedAt as number, jobs: run.jobsFound ?? 0, status: run.status }));
  return {
    profile,
    saved: url.searchParams.get('saved'),
    health: profileHealth(
      {
        isActive: profile.is_active,
        lastRunAt: profile.last_run_at,
        lastRunStatus: profile.last_run_status,
        lastRunJobCount: profile.last_run_job_count,
      },
      now,
    ),
    summary: summariseRuns(runs, SUCCESS_WINDOW),
    recentRuns: runs.slice(0, TABLE_RUNS),
    dataQuality,
    dataQualityLevel: dataQualityLevel(dataQuality),
    scores: scores.value,
    rankingMissing: scores.missing || jobs.missing,
    charts: {
      runs: chartRuns.length > 0 ? runSeriesChart(chartRuns) : null,
      scores: scores.value.ranked > 0 ? scoreHistogram(scores.value.buckets) : null,
      skills: skills.value.length > 0 ? rankedBars(skills.value.map((s) => ({ label: s.skill, value: s.jobs }))) : null,
    },
    topJobs: jobs.value.map((job) => ({ ...job, reasons: topReasons(job.rank_explain) })),
    now,
  };
};

export const actions: Actions = {
  toggle: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const result = await toggleFromForm(profileId, await request.formData(), `/profiles/${profileId}`);
    if ('back' in result) redirect(303, result.back);
    return result;
  },
};
