import { describe, expect, it } from 'vitest';
import {
  AccountConfigError,
  looksLikeSecret,
  newSecret,
  normaliseEmail,
  secretHash,
  sessionLimits,
  signupMode,
} from '../../../src/lib/server/account-rules.ts';
import { adminTokenFrom, isTokenCorrect, safeNextPath } from '../../../src/lib/server/auth.ts';
import { LoginThrottle } from '../../../src/lib/server/auth-throttle.ts';

const TOKEN = 's3cret-s3cret-s3cret-s3cret-s3cret';
const NOW = Date.UTC(2026, 11, 3, 10);

describe('admin token', () => {
  it('accepts the token as bearer or X-Admin-Token header, nothing else', () => {
    expect(adminTokenFrom(new Headers({ authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(true);
    expect(adminTokenFrom(new Headers({ 'x-admin-token': ` ${TOKEN} ` }), TOKEN)).toBe(true);
    expect(adminTokenFrom(new Headers(), TOKEN)).toBe(false);
    expect(adminTokenFrom(new Headers({ authorization: 'Bearer nope' }), TOKEN)).toBe(false);
    expect(adminTokenFrom(new Headers({ authorization: `Basic ${TOKEN}` }), TOKEN)).toBe(false);
    expect(adminTokenFrom(new Headers({ cookie: `jobs_session=${TOKEN}` }), TOKEN)).toBe(false);
  });

  it('checks a typed token', () => {
    expect(isTokenCorrect(` ${TOKEN}\n`, TOKEN)).toBe(true);
    expect(isTokenCorrect(TOKEN.slice(1), TOKEN)).toBe(false);
  });
});

describe('account helpers', () => {
  it('makes 256-bit secrets and stores only their SHA-256', () => {
    const secret = newSecret();
    expect(looksLikeSecret(secret)).toBe(true);
    expect(newSecret()).not.toBe(secret);
    expect(secretHash(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash(secret)).not.toContain(secret);
    expect(looksLikeSecret('short')).toBe(false);
    expect(looksLikeSecret(`${secret.slice(0, 42)}!`)).toBe(false);
  });

  it('accepts plain addresses only, lower-cased', () => {
    expect(normaliseEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    for (const bad of [
      '',
      'ann',
      'ann@',
      '@x.y',
      'a b@x.y',
      'a@b@c.d',
      'a@x',
      'a@x.y\nb',
      'Ann <a@x.y>',
      'a,b@x.y',
      7,
    ]) {
      expect(normaliseEmail(bad)).toBeNull();
    }
    expect(normaliseEmail(`${'a'.repeat(250)}@x.yz`)).toBeNull();
  });

  it('reads UI_SIGNUP (default invite) and refuses anything else', () => {
    expect(signupMode(undefined)).toBe('invite');
    expect(signupMode(' ')).toBe('invite');
    expect(signupMode('open')).toBe('open');
    expect(signupMode('closed')).toBe('closed');
    expect(() => signupMode('yes')).toThrow(AccountConfigError);
  });

  it('reads the session limits with defaults and bounds', () => {
    expect(sessionLimits({})).toEqual({ idleMinutes: 720, maxHours: 720 });
    expect(sessionLimits({ UI_SESSION_IDLE_MINUTES: '30', UI_SESSION_MAX_HOURS: '8' })).toEqual({
      idleMinutes: 30,
      maxHours: 8,
    });
    expect(() => sessionLimits({ UI_SESSION_IDLE_MINUTES: '0' })).toThrow(/UI_SESSION_IDLE_MINUTES/);
    expect(() => sessionLimits({ UI_SESSION_MAX_HOURS: '1.5' })).toThrow(/UI_SESSION_MAX_HOURS/);
  });
});

describe('next after login', () => {
  const origin = 'http://127.0.0.1:3000';
  it.each([
    [null, '/profiles'],
    ['', '/profiles'],
    ['/profiles/3', '/profiles/3'],
    ['/profiles?active=inactive&q=data', '/profiles?active=inactive&q=data'],
    ['https://evil.example', '/profiles'],
    ['//evil.example', '/profiles'],
    ['/\\evil.example', '/profiles'],
    // What a browser makes of these: tabs and newlines are dropped, leaving //evil.example.
    ['/\t/evil.example', '/profiles'],
    ['/\n/evil.example', '/profiles'],
    ['/\r\n/evil.example/x', '/profiles'],
    ['/ /evil.example', '/%20/evil.example'],
    ['/..//evil.example', '/profiles'],
  ])('next %j → %s', (next, path) => {
    expect(safeNextPath(next, origin)).toBe(path);
  });
});

describe('login throttle', () => {
  it('refuses an address after five failures in the window, and only that address', () => {
    const throttle = new LoginThrottle({ attempts: 5, windowMs: 60_000, addresses: 100 });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(throttle.retryAfter('10.0.0.1', NOW + attempt)).toBe(0);
      throttle.fail('10.0.0.1', NOW + attempt);
    }
    expect(throttle.retryAfter('10.0.0.1', NOW + 10)).toBe(60_000 - 10);
    expect(throttle.retryAfter('10.0.0.2', NOW + 10)).toBe(0);
    expect(throttle.retryAfter('10.0.0.1', NOW + 60_000)).toBe(0);
  });

  it('forgets an address once it signs in, and the oldest addresses beyond its memory', () => {
    const throttle = new LoginThrottle({ attempts: 1, windowMs: 60_000, addresses: 2 });
    throttle.fail('a', NOW);
    expect(throttle.retryAfter('a', NOW)).toBeGreaterThan(0);
    throttle.succeed('a');
    expect(throttle.retryAfter('a', NOW)).toBe(0);
    throttle.fail('b', NOW);
    throttle.fail('c', NOW);
    throttle.fail('d', NOW);
    expect(throttle.retryAfter('b', NOW)).toBe(0);
    expect(throttle.retryAfter('d', NOW)).toBeGreaterThan(0);
  });
});
