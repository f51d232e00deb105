import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { audit, createSession, redeemSignInLink, sessionLimits, signupMode } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/session-cookie.ts';
import type { Actions, PageServerLoad } from './$types';

// Opening the link only shows a button: mail scanners that fetch links must not use them up.
// The link is not bound to the browser that asked for it (it may be opened on another device).
export const load: PageServerLoad = () => ({});

export const actions: Actions = {
  default: async ({ params, request, cookies, url }) => {
    const mode = signupMode(env.UI_SIGNUP);
    const result = await redeemSignInLink(params.token, mode);
    if (!result.ok) {
      await audit(null, 'sign_in_failed', `link ${result.reason}`);
      return fail(400, { error: 'This sign-in link has expired or was already used. Ask for a new one.' });
    }
    const limits = sessionLimits(env);
    const sessionId = await createSession(result.user.userId, request.headers.get('user-agent'), limits);
    setSessionCookie(cookies, url, sessionId, limits);
    await audit(result.user.userId, 'sign_in', `user:${result.user.userId}`);
    redirect(303, '/profiles');
  },
};
