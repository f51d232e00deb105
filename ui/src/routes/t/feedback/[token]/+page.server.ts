// A digest's "Not interested" / "I applied" link. GET only shows what the link would record (mail
// scanners that prefetch links change nothing); the POST records it. Authenticated by the signed
// token alone (src/hooks.server.ts lets /t/ through the Origin check and sign-in); its queries run
// scoped to the token's one profile (row-level security, withRowScope).
import { error, fail } from '@sveltejs/kit';
import { FEEDBACK_LABELS, readReason } from '$lib/feedback.ts';
import { feedbackJob, recordFeedback, removeFeedback } from '$lib/server/feedback.ts';
import { asTokenProfile, feedbackClaims, PRIVATE_PAGE_HEADERS } from '$lib/server/link-claims.ts';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ params, setHeaders }) => {
  setHeaders(PRIVATE_PAGE_HEADERS);
  const claims = feedbackClaims(params.token);
  const job = await asTokenProfile(claims, () => feedbackJob(claims.profileId, claims.jobId, claims.kind));
  if (!job) error(404, 'This job or profile no longer exists.');
  return {
    kind: claims.kind,
    kindLabel: FEEDBACK_LABELS[claims.kind],
    profileName: job.profile_name,
    jobTitle: job.job_title ?? 'Untitled position',
    employer: job.employer_name,
    recorded: job.recorded !== null,
    recordedReason: job.recorded?.reason ?? null,
  };
};

export const actions: Actions = {
  // The page's load runs after the action and sets PRIVATE_PAGE_HEADERS (once per response).
  default: async ({ params, request }) => {
    const claims = feedbackClaims(params.token);
    const form = await request.formData();
    if (form.get('do') === 'undo') {
      await asTokenProfile(claims, () => removeFeedback(claims.profileId, claims.jobId, claims.kind));
      return { done: 'undone' as const };
    }
    const reason = claims.kind === 'not_interested' ? readReason(form) : { ok: true as const, reason: null };
    if (!reason.ok) return fail(400, { message: reason.message });
    await asTokenProfile(claims, () => recordFeedback(claims.profileId, claims.jobId, claims.kind, reason.reason));
    return { done: 'recorded' as const };
  },
};
