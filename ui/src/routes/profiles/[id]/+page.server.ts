import { error, fail, redirect } from '@sveltejs/kit';
import { COMPACT_FRAME, describeRuns, rankedBars, runSeriesChart, scoreHistogram } from '$lib/charts.ts';
import { FEEDBACK_KINDS, type FeedbackKind, readFeedbackForm } from '$lib/feedback.ts';
import { ageChangesAt, postedAgeChangesAt } from '$lib/format.ts';
import { dataQualityLevel, healthChangesAt, healthInputOf, profileHealth, summariseRuns } from '$lib/insights.ts';
import { renderData } from '$lib/render-data.ts';
import { recordFeedback, removeFeedback } from '$lib/server/feedback.ts';
import { getProfileInsights } from '$lib/server/insights.ts';
import { profileIdFrom } from '$lib/server/params.ts';
import { toggleFromForm } from '$lib/server/toggle.ts';
import type { Actions, PageServerLoad } from './$types';

// Everything, charts included, is rendered on the server; the page ships no JavaScript.
export const csr = false;

/** Runs in the history table unless the page is asked for all of them (?runs=all). */
const TABLE_RUNS = 30;
const SUCCESS_WINDOW = 10;
/** Hidden and expired jobs listed (every one is counted). */
const HIDDEN_LIST = 200;

export const load: PageServerLoad = async ({ params, url, isDataRequest, locals }) => {
  const profileId = profileIdFrom(params.id);
  const allRuns = url.searchParams.get('runs') === 'all';
  const insights = await getProfileInsights(profileId, {
    recentRuns: allRuns ? null : TABLE_RUNS,
    skills: 12,
    topJobs: 10,
    hiddenJobs: HIDDEN_LIST,
  });
  if (!insights) error(404, 'No such profile');
  const { profile, history, scores, skills } = insights;
  const now = new Date();
  const outcomes = history.map(([, status, jobsFound, apiErrors, durationS]) => ({
    status,
    jobsFound,
    apiErrors,
    durationS,
  }));
  const chartRuns = history.flatMap(([at, status, jobsFound]) =>
    at !== null && status !== 'skipped' ? [{ at, jobs: jobsFound ?? 0, status }] : [],
  );
  const skillItems = skills.map((s) => ({ label: s.skill, value: s.jobs }));
  const healthInput = healthInputOf(profile);
  // The page's only time-dependent texts: the health badge, the last run's age, each top job's age.
  locals.pageValidUntil = Math.min(
    healthChangesAt(healthInput, now),
    ageChangesAt(profile.last_run_at, now),
    ...insights.topJobs.map((job) => postedAgeChangesAt(job.posted_at, now)),
  );
  const view = {
    profile,
    saved: url.searchParams.get('saved'),
    health: profileHealth(healthInput, now),
    summary: summariseRuns(outcomes, SUCCESS_WINDOW),
    recentRuns: insights.recent,
    allRuns,
    tableRuns: TABLE_RUNS,
    dataQuality: insights.dataQuality,
    dataQualityLevel: dataQualityLevel(insights.dataQuality),
    scores,
    rankingMissing: insights.rankingMissing,
    charts: {
      runs: chartRuns.length > 0 ? runSeriesChart(chartRuns) : null,
      runsCompact: chartRuns.length > 0 ? runSeriesChart(chartRuns, COMPACT_FRAME, 3) : null,
      runsSummary: describeRuns(chartRuns),
      scores: scores.ranked > 0 ? scoreHistogram(scores.buckets) : null,
      scoresCompact: scores.ranked > 0 ? scoreHistogram(scores.buckets, COMPACT_FRAME, true) : null,
      skills: skills.length > 0 ? rankedBars(skillItems) : null,
      skillsCompact: skills.length > 0 ? rankedBars(skillItems, { width: 340, labelWidth: 110 }) : null,
    },
    // The next digest's jobs, in its order, with its reasons (marts.profile_top_jobs). Hidden while
    // a rescore after an edit is pending, so no reason contradicts the saved settings.
    topJobs: insights.refreshing ? [] : insights.topJobs,
    hiddenJobs: insights.hiddenJobs,
    hiddenCounts: insights.hiddenCounts,
    hiddenTotal: Object.values(insights.hiddenCounts).reduce((total, count) => total + count, 0),
    hiddenListLimit: HIDDEN_LIST,
    appliedJobs: insights.appliedJobs,
    refreshing: insights.refreshing,
    now,
  };
  return { view: renderData(view, isDataRequest) };
};

export const actions: Actions = {
  // "Not interested" (optional reason) or "Applied" on a top job: recorded once in marts.job_feedback.
  feedback: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const read = readFeedbackForm(await request.formData());
    if (!read.ok) return fail(400, { feedbackError: read.message });
    const { job_id, kind, reason } = read.feedback;
    await recordFeedback(profileId, job_id, kind, reason);
    redirect(303, `/profiles/${profileId}#top-jobs-title`);
  },
  // "Show again" in the hidden-jobs list, or "Remove" in the applied list: deletes that feedback.
  unfeedback: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const form = await request.formData();
    const jobId = form.get('job_id');
    const kind = form.get('kind');
    if (typeof jobId !== 'string' || !FEEDBACK_KINDS.includes(kind as FeedbackKind)) {
      return fail(400, { feedbackError: 'Which job and which feedback?' });
    }
    await removeFeedback(profileId, jobId, kind as FeedbackKind);
    redirect(303, `/profiles/${profileId}#hidden-jobs-title`);
  },
  toggle: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const result = await toggleFromForm(profileId, await request.formData(), `/profiles/${profileId}`);
    if ('back' in result) redirect(303, result.back);
    return result;
  },
};
