// Feedback (marts.job_feedback) and pausing a digest (profile_preferences.is_active). Values are
// bound parameters. jobs_ui may select, insert and delete feedback (no update), so a repeated
// click keeps the first record and "undo" deletes it.
import type { FeedbackKind } from '$lib/feedback.ts';
import { db } from './db.ts';

export interface FeedbackJob {
  job_id: string;
  job_title: string | null;
  employer_name: string | null;
  profile_name: string;
  /** The feedback of this kind already recorded, if any. */
  recorded: { reason: string | null; created_at: string } | null;
}

/** The job and profile a feedback link names, or null when either is unknown. */
export async function feedbackJob(profileId: number, jobId: string, kind: FeedbackKind): Promise<FeedbackJob | null> {
  const { rows } = await db().query<FeedbackJob>(
    `select jobs.job_id, jobs.job_title, jobs.employer_name, profiles.profile_name,
            (select json_build_object('reason', reason, 'created_at', created_at)
             from marts.job_feedback
             where profile_id = profiles.profile_id and job_id = jobs.job_id and kind = $3) as recorded
     from marts.profile_preferences as profiles
     cross join lateral (
         select job_id, job_title, employer_name from marts.fact_jobs where job_id = $2 limit 1
     ) as jobs
     where profiles.profile_id = $1`,
    [profileId, jobId, kind],
  );
  return rows[0] ?? null;
}

/** Records feedback once; true when this call recorded it (false: it already was). */
export async function recordFeedback(
  profileId: number,
  jobId: string,
  kind: FeedbackKind,
  reason: string | null,
): Promise<boolean> {
  const { rowCount } = await db().query(
    `insert into marts.job_feedback (profile_id, job_id, kind, reason, created_at)
     select $1, $2, $3, $4, now()
     where exists (select 1 from marts.profile_preferences where profile_id = $1)
       and exists (select 1 from marts.fact_jobs where job_id = $2)
     on conflict (profile_id, job_id, kind) do nothing`,
    [profileId, jobId, kind, reason],
  );
  return rowCount === 1;
}

export async function removeFeedback(profileId: number, jobId: string, kind: FeedbackKind): Promise<boolean> {
  const { rowCount } = await db().query(
    'delete from marts.job_feedback where profile_id = $1 and job_id = $2 and kind = $3',
    [profileId, jobId, kind],
  );
  return (rowCount ?? 0) > 0;
}

export interface DigestState {
  profile_name: string;
  is_active: boolean;
}

export async function digestState(profileId: number): Promise<DigestState | null> {
  const { rows } = await db().query<DigestState>(
    'select profile_name, is_active from marts.profile_preferences where profile_id = $1',
    [profileId],
  );
  return rows[0] ?? null;
}

/**
 * Pausing a digest deactivates its profile (is_active = false): no search, no digest, until it is
 * resumed here or in the app. updated_at stays: the search settings did not change, so the
 * profile's scores stay current. Returns the new state, or null for an unknown profile.
 */
export async function setDigestPaused(profileId: number, paused: boolean): Promise<DigestState | null> {
  const { rows } = await db().query<DigestState>(
    `update marts.profile_preferences
     set is_active = $2
     where profile_id = $1
     returning profile_name, is_active`,
    [profileId, !paused],
  );
  return rows[0] ?? null;
}
