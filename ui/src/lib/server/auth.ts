// Optional admin token (UI_ADMIN_TOKEN). Unset: the app trusts whoever can reach it, which is
// why it binds to 127.0.0.1 by default and start.mjs refuses anything wider without a token. Set:
// every page and action needs the token, either as `Authorization: Bearer <token>` /
// `X-Admin-Token: <token>` or via the session cookie /login sets.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const ADMIN_COOKIE = 'jobs_ui_admin';
export const SESSION_SECONDS = 60 * 60 * 24 * 30;
export const MIN_TOKEN_LENGTH = 32;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

/**
 * The key sessions are signed with: UI_SESSION_SECRET, or one random key per process (start.mjs
 * makes one per start and hands it to its workers), so sessions then end on restart.
 */
export function sessionKey(configured: string | undefined): Buffer {
  if (configured) return digest(`jobs-ui-session-key:${configured}`);
  fallbackKey ??= randomBytes(32);
  return fallbackKey;
}
let fallbackKey: Buffer | undefined;

// The token's digest is part of what is signed: changing UI_ADMIN_TOKEN ends every session.
const signature = (key: Buffer, token: string, issuedAt: number): string =>
  createHmac('sha256', key).update(`v1.${issuedAt}.`).update(digest(token)).digest('base64url');

/** A session cookie value: the issue time and an HMAC of it (and of the token) under the key. */
export function issueSession(key: Buffer, token: string, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  return `${issuedAt}.${signature(key, token, issuedAt)}`;
}

export function isSessionValid(cookie: string, key: Buffer, token: string, now = Date.now()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const age = Math.floor(now / 1000) - issuedAt;
  if (age < -60 || age > SESSION_SECONDS) return false;
  return timingSafeEqual(Buffer.from(match[2] as string), Buffer.from(signature(key, token, issuedAt)));
}

export interface Credentials {
  authorization: string | null;
  adminHeader: string | null;
  cookie: string | undefined;
}

export function isAuthorised(credentials: Credentials, token: string, key: Buffer, now = Date.now()): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(credentials.authorization ?? '')?.[1]?.trim();
  if (bearer && sameSecret(bearer, token)) return true;
  if (credentials.adminHeader && sameSecret(credentials.adminHeader.trim(), token)) return true;
  if (credentials.cookie && isSessionValid(credentials.cookie, key, token, now)) return true;
  return false;
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
