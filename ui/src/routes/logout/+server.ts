import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { audit, endSession, SESSION_COOKIE, sessionLimits, sessionUser } from '$lib/server/accounts.ts';
import { clearSessionCookie } from '$lib/server/session-cookie.ts';
import type { RequestHandler } from './$types';

// POST only (SvelteKit's origin check covers it), so another site cannot sign a browser out.
// Ends the session on the server, not only the cookie.
export const POST: RequestHandler = async ({ cookies, url }) => {
  const sessionId = cookies.get(SESSION_COOKIE);
  if (sessionId) {
    const user = await sessionUser(sessionId, sessionLimits(env));
    await endSession(sessionId);
    if (user) await audit(user.userId, 'sign_out', `user:${user.userId}`);
  }
  clearSessionCookie(cookies, url);
  redirect(303, '/login');
};
