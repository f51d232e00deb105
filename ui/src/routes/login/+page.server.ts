import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import {
  assignUnownedProfiles,
  audit,
  createSession,
  createSignInLink,
  firstAdmin,
  inviteUser,
  normaliseEmail,
  sessionLimits,
  signupMode,
} from '$lib/server/accounts.ts';
import { isTokenCorrect, safeNextPath } from '$lib/server/auth.ts';
import { LoginThrottle } from '$lib/server/auth-throttle.ts';
import { setSessionCookie } from '$lib/server/session-cookie.ts';
import { sendSignInLink } from '$lib/server/sign-in-mail.ts';
import type { Actions, PageServerLoad } from './$types';

const WINDOW_MS = 15 * 60 * 1000;
// Links asked for: per address (5 per 15 min) and per client address (20 per 15 min). Every
// request counts, whether or not the address has an account, so the limit reveals nothing.
// UI_SIGN_IN_LINKS_PER_IP raises the second (many people behind one proxy address).
const linksPerEmail = new LoginThrottle({ attempts: 5, windowMs: WINDOW_MS, addresses: 10_000 });
let linksPerIpThrottle: LoginThrottle | undefined;
const linksPerIp = (): LoginThrottle => {
  linksPerIpThrottle ??= new LoginThrottle({
    attempts: Number(env.UI_SIGN_IN_LINKS_PER_IP) > 0 ? Number(env.UI_SIGN_IN_LINKS_PER_IP) : 20,
    windowMs: WINDOW_MS,
    addresses: 10_000,
  });
  return linksPerIpThrottle;
};
// Wrong admin tokens per client address.
const tokenFailures = new LoginThrottle();

const tooMany = (wait: number): string => {
  const minutes = Math.ceil(wait / 60_000);
  return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
};

export const load: PageServerLoad = ({ url }) => ({
  tokenLogin: Boolean(env.UI_ADMIN_TOKEN),
  next: safeNextPath(url.searchParams.get('next'), url.origin),
});

export const actions: Actions = {
  // The answer is the same redirect whether or not the address has an account.
  link: async ({ request, url, getClientAddress }) => {
    const form = await request.formData();
    const email = normaliseEmail(form.get('email'));
    if (!email) return fail(400, { email: String(form.get('email') ?? ''), error: 'Enter an e-mail address.' });
    const now = Date.now();
    const wait = Math.max(linksPerIp().retryAfter(getClientAddress(), now), linksPerEmail.retryAfter(email, now));
    if (wait > 0) return fail(429, { email, error: tooMany(wait) });
    linksPerIp().fail(getClientAddress(), now);
    linksPerEmail.fail(email, now);
    const token = await createSignInLink(email, signupMode(env.UI_SIGNUP));
    if (token) sendSignInLink(email, `${url.origin}/login/link/${token}`);
    redirect(303, '/login/check');
  },
  // UI_ADMIN_TOKEN: signs in as the first admin, creating them (with the given address) if none.
  token: async ({ request, cookies, url, getClientAddress }) => {
    const token = env.UI_ADMIN_TOKEN;
    const form = await request.formData();
    const next = safeNextPath(String(form.get('next') ?? ''), url.origin);
    if (!token) return fail(404, { next, tokenError: 'No admin token is configured.' });
    const address = getClientAddress();
    const now = Date.now();
    const wait = tokenFailures.retryAfter(address, now);
    if (wait > 0) return fail(429, { next, tokenError: tooMany(wait) });
    if (!isTokenCorrect(String(form.get('token') ?? ''), token)) {
      tokenFailures.fail(address, now);
      await audit(null, 'sign_in_failed', 'admin token');
      return fail(401, { next, tokenError: 'That token is not correct.' });
    }
    tokenFailures.succeed(address);
    let admin = await firstAdmin();
    if (!admin) {
      const email = normaliseEmail(form.get('admin_email'));
      if (!email) {
        return fail(400, {
          next,
          needsEmail: true,
          tokenError: 'No admin yet: enter your e-mail address to become the first.',
        });
      }
      admin = (await inviteUser(email, 'admin')).user;
      await assignUnownedProfiles(admin.userId);
      await audit(admin.userId, 'bootstrap_admin', `user:${admin.userId}`);
    }
    const limits = sessionLimits(env);
    setSessionCookie(
      cookies,
      url,
      await createSession(admin.userId, request.headers.get('user-agent'), limits),
      limits,
    );
    await audit(admin.userId, 'admin_token_sign_in', `user:${admin.userId}`);
    redirect(303, next);
  },
};
