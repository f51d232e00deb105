// Optional admin token (UI_ADMIN_TOKEN). Unset: the app trusts whoever can reach it, which is
// why it binds to 127.0.0.1 by default. Set: every page and action needs the token, either as
// `Authorization: Bearer <token>` / `X-Admin-Token: <token>` or via the cookie /login sets.
import { createHash, timingSafeEqual } from 'node:crypto';

export const ADMIN_COOKIE = 'jobs_ui_admin';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

// The cookie holds a derivative of the token, so the token itself never sits in the browser.
export const cookieValueFor = (token: string): string =>
  createHash('sha256').update(`jobs-ui-session:${token}`).digest('base64url');

export interface Credentials {
  authorization: string | null;
  adminHeader: string | null;
  cookie: string | undefined;
}

export function isAuthorised(credentials: Credentials, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(credentials.authorization ?? '')?.[1]?.trim();
  if (bearer && sameSecret(bearer, token)) return true;
  if (credentials.adminHeader && sameSecret(credentials.adminHeader.trim(), token)) return true;
  if (credentials.cookie && sameSecret(credentials.cookie, cookieValueFor(token))) return true;
  return false;
}

export const isTokenCorrect = (given: string, token: string): boolean => sameSecret(given.trim(), token);

/** Only same-site paths are followed after login, never another origin. */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/profiles';
  return next;
}
