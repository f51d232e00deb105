// The pure page plan: what each final answer means for a page, a board or a company lookup, and
// what to request next (last page, page cap, the API failing twice in a row). No I/O.
import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError, QuotaExceededError, ResponseTooLargeError } from '../../src/http/client.ts';
import { companiesRunStatus } from '../../src/pipeline/extract-companies.ts';
import {
  boardAnswer,
  checkPageBody,
  lookupAnswer,
  MAX_FAILED_REQUESTS_IN_A_ROW,
  nextStep,
  type PageAnswer,
  type PagePlan,
  pageAnswer,
  planError,
  planStatus,
  recordStep,
  startPlan,
} from '../../src/pipeline/page-plan.ts';
import { checkResponseText, type ResponseCheck } from '../../src/pipeline/validate.ts';
import { jsearchShape } from '../../src/sources/jsearch/schema.ts';

const URL = 'https://api.example/search?query=x';
const httpError = (status: number, body = 'nope') => new HttpError('GET', URL, status, body, status >= 500 ? 7 : 1);
const check = (text: string): ResponseCheck => checkResponseText(text, jsearchShape);
const posting = { job_id: 'abc123', job_title: 'Data Engineer', employer_name: 'Acme' };
const body = (data: unknown[]) => JSON.stringify({ status: 'OK', request_id: 'r', parameters: {}, data });
const page = (status: number, text: string) => pageAnswer({ check: checkPageBody(status, text, check) }, '2');

describe('pageAnswer: what a final answer means for the page', () => {
  it('200 with postings is a page to land', () => {
    const answer = page(200, body([posting]));
    expect(answer.kind).toBe('page');
    expect(answer.kind === 'page' && answer.check.accepted.map((item) => item.id)).toEqual(['abc123']);
  });

  it('200 with an empty data array and 204 are the last page', () => {
    expect(page(200, body([])).kind).toBe('last');
    expect(page(204, '').kind).toBe('last');
  });

  it('garbage JSON (still, after the retries) is an unusable page', () => {
    const answer = page(200, '{"data": [');
    expect(answer).toMatchObject({ kind: 'unusable' });
    expect(answer.kind === 'unusable' && answer.error).toMatch(/^bad response for page 2: response is not valid JSON/);
  });

  it.each([
    [400, 'HttpError'],
    [401, 'HttpError'],
    [403, 'HttpError'],
    [404, 'HttpError'],
    [429, 'HttpError'],
    [500, 'HttpError'],
    [503, 'HttpError'],
  ])('%i (after the retry policy gave up) fails the request', (status, name) => {
    const answer = pageAnswer({ error: httpError(status) }, '1');
    expect(answer).toMatchObject({ kind: 'failed' });
    expect(answer.kind === 'failed' && answer.error).toMatch(new RegExp(`^${name}: GET .* answered ${status}`));
  });

  it('a network error fails the request', () => {
    const answer = pageAnswer({ error: new NetworkError('GET', URL, 'timed out', 7) }, '1');
    expect(answer).toEqual({ kind: 'failed', error: `NetworkError: GET ${URL} failed after 7 attempt(s): timed out` });
  });

  it('an oversized body fails the request and is kept for quarantine', () => {
    const error = new ResponseTooLargeError('GET', URL, 200, 100, 500, true, '');
    const answer = pageAnswer({ error }, '1');
    expect(answer).toMatchObject({ kind: 'failed', tooLarge: error });
  });

  it('a spent quota (429 or 403 saying so) stops the profile', () => {
    const error = new QuotaExceededError('GET', URL, 429, 'quota', 1);
    expect(pageAnswer({ error }, '1')).toEqual({ kind: 'quota', error });
  });
});

// Drives the plan the way the runner does, answering each request from `answers`.
function run(total: number, answers: PageAnswer[]): { plan: PagePlan; sent: number[]; skipped: number[] } {
  let plan = startPlan(total);
  const sent: number[] = [];
  const skipped: number[] = [];
  for (let step = nextStep(plan); step.kind !== 'done'; step = nextStep(plan)) {
    if (step.kind === 'skip') {
      skipped.push(step.index);
      plan = recordStep(plan, step);
      continue;
    }
    sent.push(step.index);
    const answer =
      answers[step.index] ?? ({ kind: 'page', check: { ok: true, accepted: [], rejected: [], meta: {} } } as const);
    plan = recordStep(plan, step, answer);
    if (answer.kind === 'quota') break;
  }
  return { plan, sent, skipped };
}
const full = page(200, body([posting]));
const last = page(200, body([]));
const failed: PageAnswer = { kind: 'failed', error: 'HttpError: GET x answered 500 after 7 attempt(s): boom' };
const unusable = page(200, 'not json');

describe('the page plan: what to request next', () => {
  it('requests every page of the plan and no more (the page cap)', () => {
    const { plan, sent } = run(3, [full, full, full]);
    expect(sent).toEqual([0, 1, 2]);
    expect(nextStep(plan)).toEqual({ kind: 'done' });
    expect(planStatus(plan)).toBe('success');
    expect(planError(plan)).toBeNull();
  });

  it('stops after the last page: later pages would be empty too', () => {
    const { plan, sent } = run(5, [full, last, full]);
    expect(sent).toEqual([0, 1]);
    expect(plan).toMatchObject({ requests: 2, failed: 0, exhausted: true });
    expect(planStatus(plan)).toBe('success');
  });

  it('a failed page is recorded and the next page still runs', () => {
    const { plan, sent } = run(3, [full, failed, full]);
    expect(sent).toEqual([0, 1, 2]);
    expect(planStatus(plan)).toBe('partial');
    expect(planError(plan)).toBe(`1 of 3 requests failed: ${failed.kind === 'failed' && failed.error}`);
  });

  it(`after ${MAX_FAILED_REQUESTS_IN_A_ROW} failures in a row the rest is counted failed, not sent`, () => {
    const { plan, sent, skipped } = run(5, [full, failed, unusable, full, full]);
    expect(sent).toEqual([0, 1, 2]);
    expect(skipped).toEqual([3, 4]);
    expect(plan).toMatchObject({ requests: 5, failed: 4 });
    expect(planStatus(plan)).toBe('partial');
    expect(planError(plan)).toMatch(/^4 of 5 requests failed: HttpError/);
  });

  it('a success in between resets the count', () => {
    const { sent } = run(5, [failed, full, failed, full, failed]);
    expect(sent).toEqual([0, 1, 2, 3, 4]);
  });

  it('every request failing fails the profile', () => {
    expect(planStatus(run(2, [failed, unusable]).plan)).toBe('failed');
  });

  it('a quota answer counts as a request sent and ends the run', () => {
    const quota: PageAnswer = { kind: 'quota', error: new QuotaExceededError('GET', URL, 429, 'quota', 1) };
    const { plan, sent } = run(3, [quota]);
    expect(sent).toEqual([0]);
    expect(plan.requests).toBe(1);
  });

  it('an empty plan requests nothing', () => {
    expect(nextStep(startPlan(0))).toEqual({ kind: 'done' });
  });
});

describe('boardAnswer: one board, one request', () => {
  const about = { label: 'Greenhouse', token: 'acme' };
  it('404 is a wrong board token', () => {
    expect(boardAnswer({ error: httpError(404) }, about)).toEqual({
      status: 'not_found',
      error: 'Greenhouse has no board "acme" (HTTP 404): check the board token',
    });
  });
  it.each([400, 401, 403, 429, 500])('%i fails the board', (status) => {
    expect(boardAnswer({ error: httpError(status) }, about)).toMatchObject({ status: 'failed' });
  });
  it('a network error fails the board', () => {
    expect(boardAnswer({ error: new NetworkError('GET', URL, 'reset', 7) }, about)).toMatchObject({ status: 'failed' });
  });
  it('an unusable body fails the board and is kept for quarantine', () => {
    const answer = boardAnswer({ check: check('<html>') }, about);
    expect(answer).toMatchObject({ status: 'failed', unusable: { ok: false } });
    expect(answer.status === 'failed' && answer.error).toMatch(/^unusable answer, quarantined: /);
  });
  it('a usable body is fetched', () => {
    expect(boardAnswer({ check: check(body([posting])) }, about).status).toBe('ok');
  });
});

describe('lookupAnswer: one Glassdoor lookup, one request', () => {
  it('a spent quota stops the run', () => {
    expect(lookupAnswer({ error: new QuotaExceededError('GET', URL, 403, 'Upgrade your plan', 1) })).toMatchObject({
      kind: 'stop',
    });
  });
  it.each([400, 401, 404, 500])('%i is an error on the queue row', (status) => {
    expect(lookupAnswer({ error: httpError(status) })).toMatchObject({ kind: 'error' });
  });
  it('an unusable body is an error, kept for quarantine', () => {
    expect(lookupAnswer({ check: check('nope') })).toMatchObject({ kind: 'error', unusable: { ok: false } });
  });
  it('a usable body is checked', () => {
    expect(lookupAnswer({ check: check(body([])) }).kind).toBe('checked');
  });
});

describe('companiesRunStatus: what a lookup run comes to', () => {
  const counts = { looked_up: 3, matched: 2, not_found: 1, errors: 0, stopped_early: null };
  it.each([
    ['all answered', counts, null, 'success'],
    ['a crash', counts, 'Error: boom', 'failed'],
    ['nothing due', { ...counts, looked_up: 0, matched: 0, not_found: 0 }, null, 'nothing_to_do'],
    ['some errors', { ...counts, errors: 1 }, null, 'partial'],
    ['only errors', { looked_up: 2, matched: 0, not_found: 0, errors: 2, stopped_early: null }, null, 'failed'],
    [
      'quota at the first lookup',
      { ...counts, looked_up: 0, matched: 0, not_found: 0, stopped_early: 'quota' },
      null,
      'failed',
    ],
    ['quota after some', { ...counts, stopped_early: 'quota' }, null, 'partial'],
  ] as const)('%s', (_label, summary, failure, expected) => {
    expect(companiesRunStatus(summary, failure)).toBe(expected);
  });
});
