// Signed one-click links in digests (feedback, unsubscribe), shared by the notifier, which signs
// them, and the profile app, which verifies them (`@jobs/notifier/link-token`). The token is its
// own authentication: an HMAC-SHA256 over (kind, profile, job, expiry) with LINK_SIGNING_SECRET.
// Only node:crypto and node:fs: the app bundles this file without the notifier's mail libraries.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FEEDBACK_KINDS = ['not_interested', 'applied'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export type LinkKind = FeedbackKind | 'unsubscribe';
const LINK_KINDS: readonly LinkKind[] = [...FEEDBACK_KINDS, 'unsubscribe'];

/** How long a link works after the digest was made. Unsubscribe links outlive old mail for a year. */
export const LINK_TTL_DAYS: Record<LinkKind, number> = { not_interested: 60, applied: 60, unsubscribe: 365 };

export const MIN_SECRET_LENGTH = 32;
const VERSION = 'v1';
/** Tokens longer than this are refused before any work (a job id is at most a few hundred characters). */
const MAX_TOKEN_LENGTH = 1024;

export interface LinkClaims {
  kind: LinkKind;
  profileId: number;
  /** Null for unsubscribe (it names the profile only). */
  jobId: string | null;
  /** Epoch seconds after which the link is refused. */
  expiresAt: number;
}

export type VerifyResult = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export class LinkSecretError extends Error {
  override name = 'LinkSecretError';
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function mac(secret: string, signedPart: string): Buffer {
  return createHmac('sha256', secret).update(signedPart).digest();
}

function validClaims(value: unknown): LinkClaims | null {
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [kind, profileId, jobId, expiresAt] = value as unknown[];
  if (!LINK_KINDS.includes(kind as LinkKind)) return null;
  if (!Number.isSafeInteger(profileId) || (profileId as number) < 1) return null;
  if (!Number.isSafeInteger(expiresAt)) return null;
  if (kind === 'unsubscribe' ? jobId !== null : typeof jobId !== 'string' || jobId === '') return null;
  return {
    kind: kind as LinkKind,
    profileId: profileId as number,
    jobId: jobId as string | null,
    expiresAt: expiresAt as number,
  };
}

/** `v1.<base64url JSON [kind, profile, job, expiry]>.<base64url HMAC-SHA256 of "v1.<payload>">`. */
export function signLinkToken(claims: LinkClaims, secret: string): string {
  if (!validClaims([claims.kind, claims.profileId, claims.jobId, claims.expiresAt])) {
    throw new TypeError(`cannot sign link claims ${JSON.stringify(claims)}`);
  }
  const signedPart = `${VERSION}.${base64url(JSON.stringify([claims.kind, claims.profileId, claims.jobId, claims.expiresAt]))}`;
  return `${signedPart}.${base64url(mac(secret, signedPart))}`;
}

/** The claims of a genuine, unexpired token; otherwise why it is refused. Constant-time comparison. */
export function verifyLinkToken(token: string, secret: string, nowMs: number = Date.now()): VerifyResult {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(`${parts[1]}${parts[2]}`)) {
    return { ok: false, reason: 'malformed' };
  }
  const signedPart = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2] as string, 'base64url');
  const expected = mac(secret, signedPart);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: LinkClaims | null = null;
  try {
    claims = validClaims(JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')));
  } catch {
    claims = null;
  }
  // Signed by us but not a shape we make: treat as malformed rather than trust it.
  if (!claims) return { ok: false, reason: 'malformed' };
  if (nowMs >= claims.expiresAt * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** Epoch seconds at which a link of this kind made at `nowMs` stops working. */
export function linkExpiry(kind: LinkKind, nowMs: number = Date.now()): number {
  return Math.floor(nowMs / 1000) + LINK_TTL_DAYS[kind] * 86_400;
}

/** The repository root: the nearest folder above `start` whose package.json declares workspaces. */
export function findRepositoryRoot(start: string): string | null {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (Array.isArray(JSON.parse(readFileSync(manifest, 'utf8')).workspaces)) return dir;
      } catch {
        // not JSON: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export const SECRET_FILE_NAME = 'link-signing-secret';

/**
 * LINK_SIGNING_SECRET when set (32+ characters). Unset (the embedded default): a random secret made
 * once and kept in `<repo>/.local/link-signing-secret` (mode 600), so the notifier and the app on
 * one machine share it with no set-up. Creation is exclusive (link), so two processes starting
 * together end up with the same secret.
 */
export function loadLinkSecret(env: Record<string, string | undefined>, options: { localDir?: string } = {}): string {
  const fromEnv = env.LINK_SIGNING_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new LinkSecretError(`LINK_SIGNING_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return fromEnv;
  }
  let localDir = options.localDir;
  if (!localDir) {
    const root = findRepositoryRoot(process.cwd()) ?? findRepositoryRoot(dirname(fileURLToPath(import.meta.url)));
    if (!root) {
      throw new LinkSecretError(
        'LINK_SIGNING_SECRET is not set and no repository .local/ folder was found to keep one',
      );
    }
    localDir = join(root, '.local');
  }
  const file = join(localDir, SECRET_FILE_NAME);
  if (!existsSync(file)) {
    mkdirSync(localDir, { recursive: true });
    // Written whole under a private name, then linked into place: link() fails when the file
    // exists, so a process that loses the race reads the winner's complete secret.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new LinkSecretError(`${file} holds fewer than ${MIN_SECRET_LENGTH} characters; delete it to make a new one`);
  }
  return secret;
}
