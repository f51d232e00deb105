import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isQuotaExceeded,
  isRetryableStatus,
  parseRetryAfter,
  readQuotaHeaders,
} from '../../src/http/backoff.ts';

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [408, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [200, false],
  ])('%i -> %s', (status, expected) => expect(isRetryableStatus(status)).toBe(expected));
});

describe('isQuotaExceeded', () => {
  it.each([
    [429, 'You have exceeded the MONTHLY quota for Requests on your current plan', true],
    [403, 'You are not subscribed to this API. Upgrade your plan', true],
    [429, 'Too many requests', false],
    [500, 'quota', false],
  ])('%i %s -> %s', (status, body, expected) => expect(isQuotaExceeded(status, body)).toBe(expected));
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s -> %s', (value, expected) => expect(parseRetryAfter(value, now)).toBe(expected));
});

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 5000 };
  it.each([
    [0, 0, 50],
    [0, 1, 100],
    [1, 0, 100],
    [3, 1, 800],
    [10, 1, 5000],
    [10, 0, 2500],
  ])('attempt %i with random %d -> %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, undefined, policy, () => random)).toBe(expected);
  });
  it('Retry-After wins, capped', () => {
    expect(backoffDelay(0, 2000, policy, () => 0)).toBe(2000);
    expect(backoffDelay(0, 60_000, policy, () => 0)).toBe(5000);
  });
});

describe('readQuotaHeaders', () => {
  it('reads the RapidAPI headers and ignores others', () => {
    const headers = new Headers({
      'x-ratelimit-requests-remaining': '42',
      'x-ratelimit-requests-limit': '100',
      other: 'x',
    });
    expect(readQuotaHeaders(headers)).toEqual({
      'x-ratelimit-requests-limit': '100',
      'x-ratelimit-requests-remaining': '42',
    });
    expect(readQuotaHeaders(new Headers())).toBeUndefined();
  });
});
