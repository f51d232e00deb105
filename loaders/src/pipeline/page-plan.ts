// The page plan of one profile's JSearch requests, pure: what to request next and what each final
// answer means. The runner (extract-jobs.ts) does the I/O. Every request already went through the
// one HTTP retry policy (http/retry-policy.ts), so a page is never asked again here.
import { HttpError, NetworkError, QuotaExceededError, ResponseTooLargeError } from '../http/client.ts';
import type { ResponseCheck } from './validate.ts';

// Each failed request already spent its retries; two in a row mean the API is down for this
// profile, so the rest of its requests are counted as failed without being sent.
export const MAX_FAILED_REQUESTS_IN_A_ROW = 2;

export type RequestError = HttpError | NetworkError;

export type PageAnswer =
  // A usable page: land its items (and quarantine its rejected ones).
  | { kind: 'page'; check: Extract<ResponseCheck, { ok: true }> }
  // 204, or a usable page without items: the results are exhausted, later pages would be empty.
  | { kind: 'last'; check: Extract<ResponseCheck, { ok: true }> }
  // Still not usable JSON after the retry policy's attempts (each bad body already quarantined).
  | { kind: 'unusable'; error: string }
  // 4xx, 5xx, network after the retries, a redirect, an oversized body: the request failed.
  | { kind: 'failed'; error: string; tooLarge?: ResponseTooLargeError }
  // A spent quota: no later request can succeed, the profile stops here.
  | { kind: 'quota'; error: QuotaExceededError };

const errorText = (error: Error) => `${error.name}: ${error.message}`;

export const NO_CONTENT: ResponseCheck = { ok: true, accepted: [], rejected: [], meta: {} };

// A 2xx body as the page sees it: 204 is an empty page, anything else must pass validation.
export function checkPageBody(status: number, text: string, check: (text: string) => ResponseCheck): ResponseCheck {
  return status === 204 ? NO_CONTENT : check(text);
}

// What a request's final result (the checked body, or the client's error) means for the page.
export function pageAnswer(result: { check: ResponseCheck } | { error: RequestError }, page: string): PageAnswer {
  if ('error' in result) {
    const { error } = result;
    if (error instanceof QuotaExceededError) return { kind: 'quota', error };
    if (error instanceof ResponseTooLargeError) return { kind: 'failed', error: errorText(error), tooLarge: error };
    return { kind: 'failed', error: errorText(error) };
  }
  const { check } = result;
  if (!check.ok) return { kind: 'unusable', error: `bad response for page ${page}: ${check.reason}` };
  return check.accepted.length + check.rejected.length === 0 ? { kind: 'last', check } : { kind: 'page', check };
}

export const isRequestError = (error: unknown): error is RequestError =>
  error instanceof HttpError || error instanceof NetworkError;

export interface PagePlan {
  // How many requests the search plan holds (JSEARCH_NUM_PAGES split into requests: the page cap).
  total: number;
  next: number;
  requests: number;
  failed: number;
  failedInARow: number;
  exhausted: boolean;
  errors: string[];
}

export const startPlan = (total: number): PagePlan => ({
  total,
  next: 0,
  requests: 0,
  failed: 0,
  failedInARow: 0,
  exhausted: false,
  errors: [],
});

export type NextStep =
  | { kind: 'request'; index: number }
  // Counted as a failed request, not sent (the API failed too often in a row).
  | { kind: 'skip'; index: number }
  | { kind: 'done' };

export function nextStep(plan: PagePlan): NextStep {
  if (plan.exhausted || plan.next >= plan.total) return { kind: 'done' };
  if (plan.failedInARow >= MAX_FAILED_REQUESTS_IN_A_ROW) return { kind: 'skip', index: plan.next };
  return { kind: 'request', index: plan.next };
}

// The plan after one step. A quota answer counts as a request sent; the runner stops on it.
export function recordStep(plan: PagePlan, step: NextStep, answer?: PageAnswer): PagePlan {
  if (step.kind === 'done') return plan;
  const next = { ...plan, next: plan.next + 1, requests: plan.requests + 1 };
  if (step.kind === 'skip') return { ...next, failed: plan.failed + 1 };
  if (answer?.kind === 'failed' || answer?.kind === 'unusable') {
    return {
      ...next,
      failed: plan.failed + 1,
      failedInARow: plan.failedInARow + 1,
      errors: [...plan.errors, answer.error],
    };
  }
  return { ...next, failedInARow: 0, exhausted: answer?.kind === 'last' };
}

export type PlanStatus = 'success' | 'partial' | 'failed';

export function planStatus(plan: PagePlan): PlanStatus {
  if (plan.failed === 0) return 'success';
  return plan.failed < plan.requests ? 'partial' : 'failed';
}

export function planError(plan: PagePlan): string | null {
  return plan.errors.length ? `${plan.failed} of ${plan.requests} requests failed: ${plan.errors[0]}` : null;
}

// One career board is one request (its whole listing). What its final answer means: a 404 is a
// wrong board token, any other failure or an unusable body fails the board.
export type BoardAnswer =
  | { status: 'ok'; check: Extract<ResponseCheck, { ok: true }> }
  | {
      status: 'not_found' | 'failed';
      error: string;
      unusable?: Extract<ResponseCheck, { ok: false }>;
      tooLarge?: ResponseTooLargeError;
    };

export function boardAnswer(
  result: { check: ResponseCheck } | { error: RequestError },
  board: { label: string; token: string },
): BoardAnswer {
  if ('error' in result) {
    const { error } = result;
    const tooLarge = error instanceof ResponseTooLargeError ? error : undefined;
    if (error instanceof HttpError && error.status === 404) {
      return {
        status: 'not_found',
        error: `${board.label} has no board "${board.token}" (HTTP 404): check the board token`,
        ...(tooLarge ? { tooLarge } : {}),
      };
    }
    return { status: 'failed', error: errorText(error), ...(tooLarge ? { tooLarge } : {}) };
  }
  const { check } = result;
  if (!check.ok) return { status: 'failed', error: `unusable answer, quarantined: ${check.reason}`, unusable: check };
  return { status: 'ok', check };
}

// One Glassdoor lookup is one request. A spent quota stops the run's lookups; any other failure
// or an unusable body is an `error` on the queue row (retried by the queue's own schedule).
export type LookupAnswer =
  | { kind: 'checked'; check: Extract<ResponseCheck, { ok: true }> }
  | { kind: 'error'; error: string; unusable?: Extract<ResponseCheck, { ok: false }> }
  | { kind: 'stop'; error: string };

export function lookupAnswer(result: { check: ResponseCheck } | { error: RequestError }): LookupAnswer {
  if ('error' in result) {
    if (result.error instanceof QuotaExceededError) return { kind: 'stop', error: errorText(result.error) };
    return { kind: 'error', error: errorText(result.error) };
  }
  const { check } = result;
  return check.ok ? { kind: 'checked', check } : { kind: 'error', error: check.reason, unusable: check };
}
