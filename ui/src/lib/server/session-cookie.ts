import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, type SessionLimits } from './accounts.ts';

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

/** HttpOnly, SameSite=Lax (a link in a mail may open the app signed in), Secure beyond loopback. */
export function cookieOptions(url: URL) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: url.protocol === 'https:' || !isLoopback(url.hostname),
  };
}

export function setSessionCookie(cookies: Cookies, url: URL, sessionId: string, limits: SessionLimits): void {
  cookies.set(SESSION_COOKIE, sessionId, { ...cookieOptions(url), maxAge: limits.maxHours * 3600 });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, cookieOptions(url));
}
