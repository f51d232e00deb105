// The one HTTP retry policy, pure: after each attempt of a request, judgeAttempt says accept,
// retry (and after how long) or give up. ApiHttpClient.get is its only caller, and nothing above
// it retries a request again: the extractors record a failed page and move on, and Airflow
// re-runs a task only when the process crashed (see loaders/README.md "Retries").
//
// Worst case per request (one JSearch page request, one Glassdoor lookup, one board):
// worstCaseAttempts(policy) = LOADER_HTTP_RETRIES + 1, i.e. 7 with the default of 6.
import type { HttpPolicy } from '../config.ts';

export const worstCaseAttempts = (policy: Pick<HttpPolicy, 'retries'>): number => policy.retries + 1;

// What one attempt came to, as the client saw it.
export type AttemptOutcome =
  // An answer read in full. `usable` is the caller's verdict on a 2xx body (undefined: not checked).
  | { kind: 'answer'; status: number; body: string; retryAfter: string | null; usable?: boolean }
  // Reset, timeout, DNS, a body cut off mid-stream: a later attempt may get through.
  | { kind: 'network' }
  // Over LOADER_MAX_RESPONSE_BYTES: the same request would answer the same size again.
  | { kind: 'too_large' };

export type GiveUpReason = 'status' | 'quota' | 'redirect' | 'network' | 'too_large' | 'unusable';

export type AttemptVerdict =
  | { action: 'accept' }
  | { action: 'retry'; delayMs: number }
  | { action: 'give_up'; reason: GiveUpReason };

// attempt counts from 1. A retryable outcome on the last allowed attempt gives up.
export function judgeAttempt(
  outcome: AttemptOutcome,
  attempt: number,
  policy: Pick<HttpPolicy, 'retries' | 'baseDelayMs' | 'maxDelayMs'>,
  now: number = Date.now(),
  random: () => number = Math.random,
): AttemptVerdict {
  const retry = (reason: GiveUpReason, retryAfterMs?: number): AttemptVerdict =>
    attempt >= worstCaseAttempts(policy)
      ? { action: 'give_up', reason }
      : { action: 'retry', delayMs: backoffDelay(attempt - 1, retryAfterMs, policy, random) };
  if (outcome.kind === 'too_large') return { action: 'give_up', reason: 'too_large' };
  if (outcome.kind === 'network') return retry('network');
  const { status } = outcome;
  // Redirects are never followed (the key would travel with them), so never retried either.
  if (status >= 300 && status < 400) return { action: 'give_up', reason: 'redirect' };
  if (status >= 400) {
    if (isQuotaExceeded(status, outcome.body)) return { action: 'give_up', reason: 'quota' };
    if (!isRetryableStatus(status)) return { action: 'give_up', reason: 'status' };
    return retry('status', parseRetryAfter(outcome.retryAfter, now));
  }
  // A 2xx whose body the caller cannot use (truncated, not JSON) is retried like a 5xx.
  if (outcome.usable === false) return retry('unusable');
  return { action: 'accept' };
}

// Anything a later attempt could fix: rate limits, server errors, timeouts, resets.
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

const QUOTA_BODY = /quota|exceeded the (monthly|daily)|upgrade your plan|subscription/i;

// A spent monthly quota answers 429/403 too, but waiting minutes will not refill it.
export function isQuotaExceeded(status: number, body: string): boolean {
  return (status === 429 || status === 403) && QUOTA_BODY.test(body.slice(0, 2000));
}

// Retry-After is either delta-seconds or an HTTP date.
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

// Exponential backoff with "equal jitter": half fixed, half random, capped; Retry-After wins.
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: Pick<HttpPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxDelayMs, Math.ceil(retryAfterMs));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

// Quota/rate-limit headers that RapidAPI and OpenWebNinja send, when present.
const QUOTA_HEADERS = [
  'x-ratelimit-requests-limit',
  'x-ratelimit-requests-remaining',
  'x-ratelimit-requests-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
];

export function readQuotaHeaders(headers: { get(name: string): string | null }): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const name of QUOTA_HEADERS) {
    const value = headers.get(name);
    if (value !== null) found[name] = value;
  }
  return Object.keys(found).length ? found : undefined;
}
