import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  type AttemptOutcome,
  backoffDelay,
  isQuotaExceeded,
  isRetryableStatus,
  judgeAttempt,
  parseRetryAfter,
  readQuotaHeaders,
  worstCaseAttempts,
} from '../../src/http/retry-policy.ts';

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

describe('judgeAttempt: the one HTTP retry policy', () => {
  const policy = { retries: 6, baseDelayMs: 100, maxDelayMs: 5000 };
  const now = Date.parse('2026-01-01T00:00:00Z');
  const answer = (status: number, body = '{}', retryAfter: string | null = null, usable?: boolean): AttemptOutcome => ({
    kind: 'answer',
    status,
    body,
    retryAfter,
    usable,
  });
  const judge = (outcome: AttemptOutcome, attempt = 1) => judgeAttempt(outcome, attempt, policy, now, () => 0);

  it('states its worst case: LOADER_HTTP_RETRIES + 1 attempts, 7 by default', () => {
    expect(worstCaseAttempts(loadConfig({}).http)).toBe(7);
    expect(worstCaseAttempts({ retries: 2 })).toBe(3);
  });

  it.each([
    ['200', answer(200), { action: 'accept' }],
    ['200 checked usable', answer(200, '{"data":[]}', null, true), { action: 'accept' }],
    ['204', answer(204, ''), { action: 'accept' }],
    ['400', answer(400), { action: 'give_up', reason: 'status' }],
    ['401', answer(401), { action: 'give_up', reason: 'status' }],
    ['403', answer(403), { action: 'give_up', reason: 'status' }],
    ['403 spent quota', answer(403, 'Upgrade your plan'), { action: 'give_up', reason: 'quota' }],
    ['404', answer(404), { action: 'give_up', reason: 'status' }],
    ['429 spent quota', answer(429, 'You have exceeded the MONTHLY quota'), { action: 'give_up', reason: 'quota' }],
    ['301', answer(301, ''), { action: 'give_up', reason: 'redirect' }],
    ['too large', { kind: 'too_large' } as const, { action: 'give_up', reason: 'too_large' }],
  ])('%s is decided on the first attempt', (_label, outcome, expected) => {
    expect(judge(outcome)).toEqual(expected);
  });

  it.each([
    ['429 with Retry-After: 3', answer(429, 'slow down', '3'), 3000],
    ['429 with an HTTP-date Retry-After', answer(429, 'slow down', 'Thu, 01 Jan 2026 00:00:02 GMT'), 2000],
    ['429 without Retry-After', answer(429, 'slow down'), 50],
    ['500', answer(500), 50],
    ['503', answer(503), 50],
    ['408', answer(408), 50],
    ['network error', { kind: 'network' } as const, 50],
    ['garbage JSON in a 200', answer(200, '{"data": [', null, false), 50],
  ])('%s is retried after the policy delay', (_label, outcome, delayMs) => {
    expect(judge(outcome)).toEqual({ action: 'retry', delayMs });
  });

  it('backs off exponentially and gives up on the last allowed attempt', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => judge(answer(500), attempt));
    expect(delays).toEqual([50, 100, 200, 400, 800, 1600].map((delayMs) => ({ action: 'retry', delayMs })));
    expect(judge(answer(500), 7)).toEqual({ action: 'give_up', reason: 'status' });
    expect(judge({ kind: 'network' }, 7)).toEqual({ action: 'give_up', reason: 'network' });
    expect(judge(answer(200, 'garbage', null, false), 7)).toEqual({ action: 'give_up', reason: 'unusable' });
    expect(judge(answer(429, '', '120'), 1)).toEqual({ action: 'retry', delayMs: 5000 });
  });

  it('retries nothing when LOADER_HTTP_RETRIES is 0', () => {
    expect(judgeAttempt(answer(503), 1, { ...policy, retries: 0 }, now)).toEqual({
      action: 'give_up',
      reason: 'status',
    });
  });
});
