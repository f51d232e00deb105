// The pure rules of accounts (issue 22): configuration, addresses, secrets. No I/O.
import { createHash, randomBytes } from 'node:crypto';

export type Role = 'user' | 'admin';
export type SignupMode = 'open' | 'invite' | 'closed';

export interface SessionUser {
  userId: number;
  email: string;
  displayName: string | null;
  role: Role;
}

export const SESSION_COOKIE = 'jobs_session';
export { LINK_MINUTES } from '../sign-in-message.ts';

export class AccountConfigError extends Error {
  override name = 'AccountConfigError';
}

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

function wholeNumber(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new AccountConfigError(`${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

/** UI_SESSION_IDLE_MINUTES (default 12 h) and UI_SESSION_MAX_HOURS (default 30 days). */
export function sessionLimits(env: Record<string, string | undefined>): SessionLimits {
  return {
    idleMinutes: wholeNumber(env.UI_SESSION_IDLE_MINUTES, 'UI_SESSION_IDLE_MINUTES', 12 * 60, 60 * 24 * 90),
    maxHours: wholeNumber(env.UI_SESSION_MAX_HOURS, 'UI_SESSION_MAX_HOURS', 24 * 30, 24 * 365),
  };
}

/** UI_SIGNUP: open (anyone with a mailbox), invite (default: admins invite), closed (jobctl only). */
export function signupMode(raw: string | undefined): SignupMode {
  const value = (raw ?? '').trim() || 'invite';
  if (value === 'open' || value === 'invite' || value === 'closed') return value;
  throw new AccountConfigError(`UI_SIGNUP must be open, invite or closed (got "${value}")`);
}

/** A plain address, lower-cased; null when it is not one (one @, no spaces or controls, ≤ 254). */
export function normaliseEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^@\s\p{Cc}<>,;"]+@[^@\s\p{Cc}<>,;"]+\.[^@\s\p{Cc}<>,;".]+$/u.test(email)) return null;
  return email;
}

/** Random 256-bit secrets (session ids, link tokens) and the hashes stored in their place. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const looksLikeSecret = (value: string | undefined): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
