import { error, fail, redirect } from '@sveltejs/kit';
import { audit, endAllSessions, listSessions, SESSION_COOKIE, setDisplayName } from '$lib/server/accounts.ts';
import { clearSessionCookie } from '$lib/server/session-cookie.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
  const user = locals.user;
  if (!user) error(401, 'Sign in first');
  // Signed in by the admin token header, there is no session of this browser to mark.
  const sessions = await listSessions(user.userId, cookies.get(SESSION_COOKIE) ?? '');
  return { account: { email: user.email, displayName: user.displayName, role: user.role }, sessions };
};

export const actions: Actions = {
  name: async ({ locals, request }) => {
    const user = locals.user;
    if (!user) error(401, 'Sign in first');
    const raw = String((await request.formData()).get('display_name') ?? '').trim();
    if (raw.length > 100 || /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(raw)) {
      return fail(400, { nameError: 'A name of at most 100 characters, without control characters.' });
    }
    await setDisplayName(user.userId, raw || null);
    redirect(303, '/account?saved=1');
  },
  // Ends every session of this user, this browser's too.
  everywhere: async ({ locals, cookies, url }) => {
    const user = locals.user;
    if (!user) error(401, 'Sign in first');
    await endAllSessions(user.userId);
    await audit(user.userId, 'sign_out_everywhere', `user:${user.userId}`);
    clearSessionCookie(cookies, url);
    redirect(303, '/login');
  },
};
