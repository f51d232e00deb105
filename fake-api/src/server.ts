// The bundled fake JSearch + Glassdoor API over plain node:http. Deterministic answers from the
// seed; faults from the spec (see faults.ts). GET /search, GET /company-search, GET /_stats, and
// every ATS module's board endpoint (sources/boards/*: Greenhouse, Lever, …) in its real shape.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOARD_SOURCES, type BoardSource } from '@jobs/loaders/boards';
import { companyNameFor, fakeBoardPostings } from './boards.ts';
import { chooseFault, type FaultRule, parseFaults } from './faults.ts';
import { companySearch, type GeneratorOptions, type SearchFilters, searchPage } from './generator.ts';
import { rngFor } from './random.ts';

export interface FakeApiOptions extends GeneratorOptions {
  port?: number;
  host?: string;
  faults?: string | FaultRule[];
  maxConsecutiveFaults?: number;
  // Demand this key (x-api-key or X-RapidAPI-Key); unset accepts any or none.
  requireKey?: string;
  // Recorded /search bodies served verbatim for these exact `query` values (tests replay real
  // payloads through the whole loader this way); faults still apply.
  recorded?: Record<string, string>;
  // Board postings to leave out, by board token (fake posting ids): how tests take a posting off
  // a board between two fetches. Mutable while the server runs.
  hiddenBoardPostings?: Map<string, Set<string>>;
  // Recorded board answers served verbatim, by board token (tests replay the real fixture shapes
  // through the whole loader and dbt this way); faults still apply.
  recordedBoards?: Record<string, string>;
}

export interface FakeApiStats {
  requests: number;
  faults: Record<string, number>;
  byPath: Record<string, number>;
}

export interface FakeApi {
  url: string;
  server: Server;
  stats: FakeApiStats;
  close(): Promise<void>;
}

const EMPLOYMENT = new Set(['FULLTIME', 'PARTTIME', 'CONTRACTOR', 'INTERN']);

export function filtersFrom(params: URLSearchParams): SearchFilters {
  const types = params.get('employment_types');
  const remote = params.get('work_from_home') ?? params.get('remote_jobs_only');
  return {
    query: params.get('query') ?? '',
    country: params.get('country') ?? undefined,
    date_posted: params.get('date_posted') ?? undefined,
    employment_types: types
      ? types
          .split(',')
          .map((type) => type.trim().toUpperCase())
          .filter((type) => EMPLOYMENT.has(type))
      : undefined,
    work_from_home: remote === 'true',
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

const JUNK_ITEMS: unknown[] = [
  'not an object',
  { job_title: 'Posting without an id', employer_name: 'Nobody' },
  { job_id: '', job_title: 'Empty id' },
  { job_id: 'nul-byte-AAAAAA==', job_title: 'Bad \u0000 byte' },
  { job_id: 'surrogate-AAAAAA==', job_title: 'Lone \ud800 surrogate' },
  null,
  [1, 2, 3],
];

// What the real API sends now and then: numbers as strings, booleans as strings or 0/1.
function withTypeNoise(item: unknown, index: number): unknown {
  if (item === null || typeof item !== 'object') return item;
  const posting = { ...(item as Record<string, unknown>) };
  const asString = (field: string) => {
    if (typeof posting[field] === 'number') posting[field] = String(posting[field]);
  };
  for (const field of ['job_min_salary', 'job_max_salary', 'job_latitude', 'job_longitude', 'job_posted_at_timestamp'])
    asString(field);
  if (typeof posting.job_is_remote === 'boolean') {
    const remote = posting.job_is_remote;
    posting.job_is_remote = index % 2 ? String(remote) : remote ? 1 : 0;
  }
  return posting;
}

// The same posting delivered again with changed content, e.g. an edited title an hour later.
function changedCopy(item: Record<string, unknown>): Record<string, unknown> {
  const timestamp = typeof item.job_posted_at_timestamp === 'number' ? item.job_posted_at_timestamp + 3600 : null;
  return {
    ...item,
    job_title: `${String(item.job_title ?? '')} (updated)`,
    job_posted_at_timestamp: timestamp,
    job_posted_at_datetime_utc: timestamp === null ? null : new Date(timestamp * 1000).toISOString(),
  };
}

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const rules =
    typeof options.faults === 'string' || options.faults === undefined ? parseFaults(options.faults) : options.faults;
  const maxConsecutive = options.maxConsecutiveFaults ?? 2;
  const stats: FakeApiStats = { requests: 0, faults: {}, byPath: {} };
  const consecutive = new Map<string, number>();
  const draws = rngFor(options.seed, 'faults');
  let quotaRemaining = 100_000;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/_stats') return sendJson(response, 200, stats);
    let board: { source: BoardSource; token: string } | undefined;
    for (const source of BOARD_SOURCES.values()) {
      const token = source.fake.match(path);
      if (token !== null) board = { source, token: decodeURIComponent(token) };
    }
    if (!board && path !== '/search' && path !== '/company-search')
      return sendJson(response, 404, { status: 'ERROR', error: { message: `no route ${path}` } });
    stats.requests += 1;
    stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;

    if (options.requireKey) {
      const key = request.headers['x-api-key'] ?? request.headers['x-rapidapi-key'];
      if (key !== options.requireKey) return sendJson(response, 401, { message: 'Invalid API key' });
    }

    const requestKey = `${path}?${[...url.searchParams]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`;
    const fault = chooseFault(
      rules,
      // A board's token stands for the query, so `500:query=TOKEN` breaks one board.
      { path, query: board?.token ?? url.searchParams.get('query') ?? '', key: requestKey },
      draws(),
      consecutive.get(requestKey) ?? 0,
      maxConsecutive,
    );
    consecutive.set(requestKey, fault ? (consecutive.get(requestKey) ?? 0) + 1 : 0);
    if (fault) stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
    quotaRemaining = Math.max(0, quotaRemaining - 1);
    const quotaHeaders = {
      'x-ratelimit-requests-limit': '100000',
      'x-ratelimit-requests-remaining': String(quotaRemaining),
    };

    switch (fault?.kind) {
      case '429':
        return sendJson(
          response,
          429,
          { message: 'Too many requests' },
          { 'retry-after': String(fault.retryAfterS), ...quotaHeaders },
        );
      case '500':
        return sendJson(response, 500, { status: 'ERROR', error: { message: 'Internal server error' } });
      case '503':
        return sendJson(response, 503, { message: 'Service unavailable' }, { 'retry-after': '0' });
      case 'quota':
        return sendJson(
          response,
          429,
          {
            message: 'You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan.',
          },
          { ...quotaHeaders, 'x-ratelimit-requests-remaining': '0' },
        );
      case 'reset':
        request.socket.destroy();
        return;
      case 'redirect':
        response.writeHead(302, { location: fault.location, 'content-length': 0 });
        response.end();
        return;
      default:
    }

    if (board && options.recordedBoards?.[board.token] !== undefined) {
      const text = options.recordedBoards[board.token] as string;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(fault?.kind === 'truncated' ? text.slice(0, Math.floor(text.length / 2)) : text);
      return;
    }
    if (board) {
      const postings = fakeBoardPostings(
        options.seed,
        board.token,
        options.now,
        options.hiddenBoardPostings?.get(board.token),
      );
      if (postings === null) return sendJson(response, 404, { status: 404, error: 'Job board not found' });
      let text = JSON.stringify(board.source.fake.render(board.token, postings, companyNameFor(board.token)));
      if (fault?.kind === 'truncated') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
      return;
    }
    const recorded = path === '/search' ? options.recorded?.[url.searchParams.get('query') ?? ''] : undefined;
    if (recorded !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(recorded) });
      response.end(recorded);
      return;
    }
    const body = answer(path, url.searchParams);
    if (fault?.kind === 'invalid_item' && Array.isArray(body.data)) {
      const junk = JUNK_ITEMS[Math.floor(draws() * JUNK_ITEMS.length)];
      body.data.splice(Math.floor(draws() * (body.data.length + 1)), 0, junk);
    }
    if (fault?.kind === 'type_noise' && Array.isArray(body.data)) body.data = body.data.map(withTypeNoise);
    if (fault?.kind === 'changed_copy' && Array.isArray(body.data) && body.data[0]) {
      body.data.push(changedCopy(body.data[0] as Record<string, unknown>));
    }
    let text = JSON.stringify(body);
    if (fault?.kind === 'truncated') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    if (fault?.kind === 'deep_item') {
      // Built as text: the object itself could not be serialised (nor built recursively).
      const deep = `{"job_id":"deep-item-AAAAAA==","job_title":"Deep","nested":${'['.repeat(fault.depth)}${']'.repeat(fault.depth)}}`;
      text = text.replace('"data":[', `"data":[${deep},`);
    }
    if (fault?.kind === 'oversized') {
      // Valid JSON, so only the size can refuse it: padding in an unknown envelope field.
      text = `{"padding":"${'x'.repeat(Math.ceil(fault.sizeMb * 1024 * 1024))}",${text.slice(1)}`;
    }
    const send = () => {
      if (response.destroyed) return;
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...quotaHeaders,
      });
      response.end(text);
    };
    if (fault?.kind === 'slow') setTimeout(send, fault.delayMs).unref();
    else send();
  };

  const answer = (
    path: string,
    params: URLSearchParams,
  ): { status: string; request_id: string; parameters: Record<string, unknown>; data: unknown[] } => {
    const requestId = `fake-${rngFor(options.seed, params.toString())().toString(16).slice(2, 10)}`;
    if (path === '/company-search') {
      const limit = Math.min(100, Math.max(1, Number(params.get('limit') ?? 10) || 10));
      return {
        status: 'OK',
        request_id: requestId,
        parameters: { query: params.get('query'), limit },
        data: companySearch(options.seed, params.get('query') ?? '', limit),
      };
    }
    const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
    const numPages = Math.min(50, Math.max(1, Number(params.get('num_pages') ?? 1) || 1));
    const filters = filtersFrom(params);
    return {
      status: 'OK',
      request_id: requestId,
      parameters: { ...Object.fromEntries(params), page, num_pages: numPages },
      data: searchPage(options, filters, page, numPages),
    };
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      sendJson(response, 500, { status: 'ERROR', error: { message: (error as Error).message } });
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
