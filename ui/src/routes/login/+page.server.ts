import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import {
  ADMIN_COOKIE,
  issueSession,
  isTokenCorrect,
  SESSION_SECONDS,
  safeNextPath,
  sessionKey,
} from '$lib/server/auth.ts';
import { LoginThrottle } from '$lib/server/auth-throttle.ts';
import type { Actions, PageServerLoad } from './$types';

const throttle = new LoginThrottle();

export const load: PageServerLoad = ({ url }) => ({
  required: Boolean(env.UI_ADMIN_TOKEN),
  next: safeNextPath(url.searchParams.get('next'), url.origin),
});

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const token = env.UI_ADMIN_TOKEN;
    const form = await request.formData();
    const next = safeNextPath(String(form.get('next') ?? ''), url.origin);
    if (!token) redirect(303, next);
    const address = getClientAddress();
    const now = Date.now();
    const wait = throttle.retryAfter(address, now);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60_000);
      return fail(429, {
        next,
        error: `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      });
    }
    const given = String(form.get('token') ?? '');
    if (!isTokenCorrect(given, token)) {
      throttle.fail(address, now);
      return fail(401, { next, error: 'That token is not correct.' });
    }
    throttle.succeed(address);
    cookies.set(ADMIN_COOKIE, issueSession(sessionKey(env.UI_SESSION_SECRET), token, now), {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: url.protocol === 'https:',
      maxAge: SESSION_SECONDS,
    });
    redirect(303, next);
  },
};
