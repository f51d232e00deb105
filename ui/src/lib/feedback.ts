// Pure: feedback on a job ("not interested" with an optional reason, "applied") as submitted from
// the profile page or a digest link's confirm page.
import { z } from 'zod';

export const FEEDBACK_KINDS = ['not_interested', 'applied'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const REASON_MAX = 300;

export const FEEDBACK_LABELS: Record<FeedbackKind, string> = {
  not_interested: 'Not interested',
  applied: 'Applied',
};

/**
 * Why a job is left out of the top jobs (profile_top_jobs.hidden_reason), as the page says it;
 * `expired` stands for a shown row whose posting expired (never mailed, listed greyed).
 */
export const HIDDEN_REASON_LABELS: Record<string, string> = {
  blocked_employer: 'Blocked employer',
  blocked_keyword: 'Blocked keyword',
  not_interested: 'Not interested',
  applied: 'Applied',
  duplicate: 'Same job on another board',
  expired: 'Expired posting',
};

export const hiddenReasonLabel = (reason: string): string => HIDDEN_REASON_LABELS[reason] ?? reason;

// One line of text: no control characters or bidi overrides (as the profile form's fields).
const CONTROL_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const reason = z
  .string()
  .transform((value) => value.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .max(REASON_MAX, `The reason must be at most ${REASON_MAX} characters`)
      .refine(
        (value) => !CONTROL_CHARACTERS.test(value),
        'The reason contains control characters or text-direction overrides',
      ),
  )
  .transform((value) => (value === '' ? null : value));

export const feedbackSchema = z
  .object({
    job_id: z.string().trim().min(1, 'Which job?').max(500, 'Unknown job'),
    kind: z.enum(FEEDBACK_KINDS, { error: () => 'Feedback must be not_interested or applied' }),
    reason,
  })
  // A reason explains a dismissal; "applied" has none.
  .transform((value) => (value.kind === 'applied' ? { ...value, reason: null } : value));

export type Feedback = z.output<typeof feedbackSchema>;

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export function readFeedbackForm(form: FormData): { ok: true; feedback: Feedback } | { ok: false; message: string } {
  const result = feedbackSchema.safeParse({
    job_id: field(form, 'job_id'),
    kind: field(form, 'kind'),
    reason: field(form, 'reason'),
  });
  if (result.success) return { ok: true, feedback: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'Invalid feedback' };
}

/** Reads only the optional reason (the confirm page of a signed link: job and kind come from the token). */
export function readReason(form: FormData): { ok: true; reason: string | null } | { ok: false; message: string } {
  const result = reason.safeParse(field(form, 'reason'));
  return result.success
    ? { ok: true, reason: result.data }
    : { ok: false, message: result.error.issues[0]?.message ?? 'Invalid reason' };
}
