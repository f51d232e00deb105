import { describe, expect, it } from 'vitest';
import {
  isAuthorised,
  isSessionValid,
  issueSession,
  isTokenCorrect,
  SESSION_SECONDS,
  safeNextPath,
  sessionKey,
} from '../../../src/lib/server/auth.ts';
import { LoginThrottle } from '../../../src/lib/server/auth-throttle.ts';

const none = { authorization: null, adminHeader: null, cookie: undefined };
const TOKEN = 's3cret-s3cret-s3cret-s3cret-s3cret';
const KEY = sessionKey('a-session-secret-of-more-than-32-characters');
const NOW = Date.UTC(2026, 11, 3, 10);

describe('admin token', () => {
  it('accepts the token as bearer, header or a session cookie signed with the key', () => {
    expect(isAuthorised({ ...none, authorization: `Bearer ${TOKEN}` }, TOKEN, KEY)).toBe(true);
    expect(isAuthorised({ ...none, adminHeader: ` ${TOKEN} ` }, TOKEN, KEY)).toBe(true);
    expect(isAuthorised({ ...none, cookie: issueSession(KEY, TOKEN, NOW) }, TOKEN, KEY, NOW)).toBe(true);
  });

  it('rejects anything else, including the raw token as cookie', () => {
    expect(isAuthorised(none, TOKEN, KEY)).toBe(false);
    expect(isAuthorised({ ...none, authorization: 'Bearer nope' }, TOKEN, KEY)).toBe(false);
    expect(isAuthorised({ ...none, authorization: `Basic ${TOKEN}` }, TOKEN, KEY)).toBe(false);
    expect(isAuthorised({ ...none, cookie: TOKEN }, TOKEN, KEY)).toBe(false);
    expect(issueSession(KEY, TOKEN, NOW)).not.toContain(TOKEN);
  });

  it('checks a typed token', () => {
    expect(isTokenCorrect(` ${TOKEN}\n`, TOKEN)).toBe(true);
    expect(isTokenCorrect(TOKEN.slice(1), TOKEN)).toBe(false);
  });
});

describe('session cookie', () => {
  it('is an HMAC under the server key: another key, another token or a forged value is refused', () => {
    const cookie = issueSession(KEY, TOKEN, NOW);
    expect(isSessionValid(cookie, KEY, TOKEN, NOW)).toBe(true);
    // Knowing the token is not enough to mint a cookie: it depends on the server-side secret.
    expect(isSessionValid(cookie, sessionKey('another-session-secret-of-32-characters'), TOKEN, NOW)).toBe(false);
    // Changing UI_ADMIN_TOKEN ends every session.
    expect(isSessionValid(cookie, KEY, `${TOKEN}-rotated`, NOW)).toBe(false);
    const [issued, mac] = cookie.split('.');
    expect(isSessionValid(`${Number(issued) + 1}.${mac}`, KEY, TOKEN, NOW)).toBe(false);
    expect(isSessionValid(`${issued}.${'A'.repeat(43)}`, KEY, TOKEN, NOW)).toBe(false);
  });

  it('differs from any fixed hash of the token: two issue times, two values', () => {
    expect(issueSession(KEY, TOKEN, NOW)).not.toBe(issueSession(KEY, TOKEN, NOW + 1000));
  });

  it('expires after the session lifetime', () => {
    const cookie = issueSession(KEY, TOKEN, NOW);
    expect(isSessionValid(cookie, KEY, TOKEN, NOW + (SESSION_SECONDS - 1) * 1000)).toBe(true);
    expect(isSessionValid(cookie, KEY, TOKEN, NOW + (SESSION_SECONDS + 1) * 1000)).toBe(false);
  });

  it('uses a random key per process when UI_SESSION_SECRET is unset', () => {
    expect(sessionKey(undefined)).toHaveLength(32);
    expect(sessionKey(undefined).equals(sessionKey(''))).toBe(true);
    expect(sessionKey(undefined).equals(KEY)).toBe(false);
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
