// jobctl feedback --profile N --job JOB_ID --kind not_interested|applied [--reason TEXT]: the
// command-line way to say what the profile app's buttons and the digest's links say. One row in
// marts.job_feedback; marts.profile_top_jobs (a view) then hides the job, and any board copy of
// it, from that profile and never lets it be mailed again.
import type pg from 'pg';

export const FEEDBACK_KINDS = ['not_interested', 'applied'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** The reason is free text from a person: one line, no control characters, at most this long. */
export const MAX_REASON_LENGTH = 500;

export class FeedbackError extends Error {
  override name = 'FeedbackError';
}

export interface Feedback {
  profileId: number;
  jobId: string;
  kind: FeedbackKind;
  reason?: string | null;
}

export interface FeedbackResult {
  command: 'feedback';
  profile_id: number;
  job_id: string;
  kind: FeedbackKind;
  /** recorded: a new row; updated: the same feedback again (its reason and time refreshed). */
  status: 'recorded' | 'updated';
}

/** Pure: the reason as stored (control characters and line breaks to spaces, trimmed), or null. */
export function cleanReason(raw: string | null | undefined): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const text = (raw ?? '').replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  if (text.length > MAX_REASON_LENGTH) {
    throw new FeedbackError(`--reason is longer than ${MAX_REASON_LENGTH} characters`);
  }
  return text || null;
}

export function isFeedbackKind(value: string): value is FeedbackKind {
  return (FEEDBACK_KINDS as readonly string[]).includes(value);
}

/** Records the feedback; the profile and the job must exist (a typo is an error, not a silent row). */
export async function recordFeedback(pool: pg.Pool, feedback: Feedback): Promise<FeedbackResult> {
  const reason = cleanReason(feedback.reason);
  const { rows: known } = await pool.query(
    `select exists (select 1 from marts.profile_preferences where profile_id = $1) as has_profile,
            exists (select 1 from marts.fact_jobs_stored where job_id = $2) as has_job`,
    [feedback.profileId, feedback.jobId],
  );
  if (!known[0]?.has_profile) throw new FeedbackError(`there is no profile ${feedback.profileId}`);
  if (!known[0]?.has_job) throw new FeedbackError(`there is no job with job_id "${feedback.jobId}" in marts.fact_jobs`);
  const { rows } = await pool.query(
    `insert into marts.job_feedback (profile_id, job_id, kind, reason, created_at)
     values ($1, $2, $3, $4, now())
     on conflict (profile_id, job_id, kind) do update
         set reason = coalesce(excluded.reason, job_feedback.reason), created_at = excluded.created_at
     returning (xmax = 0) as inserted`,
    [feedback.profileId, feedback.jobId, feedback.kind, reason],
  );
  return {
    command: 'feedback',
    profile_id: feedback.profileId,
    job_id: feedback.jobId,
    kind: feedback.kind,
    status: rows[0]?.inserted ? 'recorded' : 'updated',
  };
}
