// Pure retry policy: which outcomes are retried and how long to wait.
import type { HttpPolicy } from '../config.ts';

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
