// One-click unsubscribe (RFC 8058) and the digest footer's link. Mail providers POST
// `List-Unsubscribe=One-Click` form-encoded, with no Origin and no cookie: any POST without
// do=resume pauses the digest. A GET (what a person or a link scanner does) only shows the page.
// Authenticated by the signed token alone (src/hooks.server.ts lets /t/ through); its queries run
// scoped to the token's one profile (row-level security, withRowScope).
import { error } from '@sveltejs/kit';
import { digestState, setDigestPaused } from '$lib/server/feedback.ts';
import { asTokenProfile, PRIVATE_PAGE_HEADERS, unsubscribeClaims } from '$lib/server/link-claims.ts';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ params, setHeaders }) => {
  setHeaders(PRIVATE_PAGE_HEADERS);
  const claims = unsubscribeClaims(params.token);
  const state = await asTokenProfile(claims, () => digestState(claims.profileId));
  if (!state) error(404, 'This profile no longer exists.');
  return { profileName: state.profile_name, paused: !state.is_active };
};

export const actions: Actions = {
  // The page's load runs after the action and sets PRIVATE_PAGE_HEADERS (once per response).
  default: async ({ params, request }) => {
    const claims = unsubscribeClaims(params.token);
    const form = await request.formData();
    const resume = form.get('do') === 'resume';
    const state = await asTokenProfile(claims, () => setDigestPaused(claims.profileId, !resume));
    if (!state) error(404, 'This profile no longer exists.');
    return { done: resume ? ('resumed' as const) : ('paused' as const) };
  },
};
