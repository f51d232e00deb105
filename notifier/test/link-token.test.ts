import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findRepositoryRoot,
  LINK_TTL_DAYS,
  type LinkClaims,
  LinkSecretError,
  linkExpiry,
  loadLinkSecret,
  SECRET_FILE_NAME,
  signLinkToken,
  verifyLinkToken,
} from '../src/link-token.ts';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const claims: LinkClaims = {
  kind: 'not_interested',
  profileId: 7,
  jobId: 'Abc-12_x==',
  expiresAt: linkExpiry('not_interested', NOW),
};

describe('signLinkToken / verifyLinkToken', () => {
  it('round-trips every kind', () => {
    for (const kind of ['not_interested', 'applied'] as const) {
      const token = signLinkToken({ ...claims, kind }, SECRET);
      expect(verifyLinkToken(token, SECRET, NOW)).toEqual({ ok: true, claims: { ...claims, kind } });
    }
    const unsubscribe = {
      kind: 'unsubscribe' as const,
      profileId: 3,
      jobId: null,
      expiresAt: linkExpiry('unsubscribe', NOW),
    };
    expect(verifyLinkToken(signLinkToken(unsubscribe, SECRET), SECRET, NOW)).toEqual({ ok: true, claims: unsubscribe });
  });

  it('is URL-safe and has the documented shape', () => {
    const token = signLinkToken(claims, SECRET);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('refuses an expired token, and accepts it up to its last second', () => {
    const token = signLinkToken(claims, SECRET);
    expect(verifyLinkToken(token, SECRET, claims.expiresAt * 1000 - 1).ok).toBe(true);
    expect(verifyLinkToken(token, SECRET, claims.expiresAt * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret', () => {
    const token = signLinkToken(claims, 'another-secret-of-at-least-thirty-two-chars');
    expect(verifyLinkToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a token whose claims were changed (other profile, job, kind or a later expiry)', () => {
    const token = signLinkToken(claims, SECRET);
    const [version, , signature] = token.split('.');
    for (const changed of [
      ['not_interested', 8, claims.jobId, claims.expiresAt],
      ['applied', 7, claims.jobId, claims.expiresAt],
      ['not_interested', 7, 'other-job', claims.expiresAt],
      ['not_interested', 7, claims.jobId, claims.expiresAt + 86_400 * 365],
      ['unsubscribe', 7, null, claims.expiresAt],
    ]) {
      const payload = Buffer.from(JSON.stringify(changed)).toString('base64url');
      expect(verifyLinkToken(`${version}.${payload}.${signature}`, SECRET, NOW)).toEqual({
        ok: false,
        reason: 'forged',
      });
    }
  });

  it('refuses malformed tokens without throwing', () => {
    const token = signLinkToken(claims, SECRET);
    for (const bad of [
      '',
      'v1',
      'v1..',
      `v2${token.slice(2)}`,
      `${token}.x`,
      token.replace(/\./g, '+'),
      'x'.repeat(5000),
    ]) {
      const result = verifyLinkToken(bad, SECRET, NOW);
      expect(result.ok).toBe(false);
    }
    // A truncated signature is forged, not a crash.
    expect(verifyLinkToken(token.slice(0, -3), SECRET, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a genuinely signed payload of a shape it never makes', () => {
    for (const shape of [
      ['applied', 7, null, claims.expiresAt],
      ['unsubscribe', 7, 'job', 1],
      ['x', 7, 'j', 1],
      ['applied', 0, 'j', 1],
      'text',
    ]) {
      const signed = `v1.${Buffer.from(JSON.stringify(shape)).toString('base64url')}`;
      const signature = createHmac('sha256', SECRET).update(signed).digest('base64url');
      expect(verifyLinkToken(`${signed}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('will not sign claims it would refuse', () => {
    expect(() => signLinkToken({ ...claims, jobId: null }, SECRET)).toThrow(TypeError);
    expect(() => signLinkToken({ ...claims, profileId: 1.5 }, SECRET)).toThrow(TypeError);
    expect(() => signLinkToken({ kind: 'unsubscribe', profileId: 1, jobId: 'j', expiresAt: 1 }, SECRET)).toThrow(
      TypeError,
    );
  });

  it('sets expiry from the kind', () => {
    expect(linkExpiry('applied', NOW)).toBe(NOW / 1000 + LINK_TTL_DAYS.applied * 86_400);
    expect(linkExpiry('unsubscribe', NOW)).toBe(NOW / 1000 + 365 * 86_400);
  });
});

describe('loadLinkSecret', () => {
  it('uses LINK_SIGNING_SECRET when set, and refuses a short one', () => {
    expect(loadLinkSecret({ LINK_SIGNING_SECRET: ` ${SECRET} ` })).toBe(SECRET);
    expect(() => loadLinkSecret({ LINK_SIGNING_SECRET: 'short' })).toThrow(LinkSecretError);
  });

  it('otherwise makes one secret under .local once, private, and every later caller shares it', () => {
    const localDir = join(mkdtempSync(join(tmpdir(), 'link-secret-')), '.local');
    const first = loadLinkSecret({}, { localDir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadLinkSecret({ LINK_SIGNING_SECRET: '' }, { localDir })).toBe(first);
    const file = join(localDir, SECRET_FILE_NAME);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a secret file that was emptied', () => {
    const localDir = mkdtempSync(join(tmpdir(), 'link-secret-'));
    writeFileSync(join(localDir, SECRET_FILE_NAME), '\n');
    expect(() => loadLinkSecret({}, { localDir })).toThrow(/fewer than 32/);
  });

  it('finds the repository root (the package.json with workspaces) from inside a workspace', () => {
    const root = findRepositoryRoot(join(import.meta.dirname, '..', 'src'));
    expect(root && JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces).toContain('notifier');
    expect(findRepositoryRoot('/')).toBeNull();
  });
});
