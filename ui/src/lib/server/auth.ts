// The admin token (UI_ADMIN_TOKEN): the bootstrap and break-glass path of the accounts (issue 22).
// Sent as `Authorization: Bearer <token>` or `X-Admin-Token: <token>` a request acts as the first
// admin; typed into /login it creates the first admin when there is none, or signs in as them.
import { createHash, timingSafeEqual } from 'node:crypto';

export const MIN_TOKEN_LENGTH = 32;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

/** True when the request's headers carry the admin token. */
export function adminTokenFrom(headers: Headers, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  if (bearer && sameSecret(bearer, token)) return true;
  const header = headers.get('x-admin-token');
  return Boolean(header && sameSecret(header.trim(), token));
}

export const isTokenCorrect = (given: string, token: string): boolean => sameSecret(given.trim(), token);

/**
 * Where to go after login: `next` resolved against ORIGIN, followed only when it stays on that
 * origin. URL parsing is what a browser does with a Location header, so tricks such as
 * `/\t/evil.example` (the tab is dropped, leaving `//evil.example`) resolve elsewhere and are refused.
 * Only paths are returned, so callers without a request at hand may leave the origin out.
 */
export function safeNextPath(next: string | null, origin = 'http://app.invalid'): string {
  const fallback = '/profiles';
  if (!next?.startsWith('/')) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(next, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  // The path the browser will be sent to must itself stay here: `/..//evil.example` normalises to
  // `//evil.example`, which a Location header would read as another host.
  const path = `${target.pathname}${target.search}${target.hash}`;
  return new URL(path, base).origin === base.origin ? path : fallback;
}
