// The HTTP client against the project's fake API on loopback: retries, Retry-After, timeouts,
// resets, no retry on other 4xx, quota, both auth styles.

import { type FakeApi, startFakeApi } from '@jobs/fake-api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  ApiHttpClient,
  HttpError,
  NetworkError,
  newStats,
  QuotaExceededError,
  RateLimiter,
  RedirectRefusedError,
  ResponseTooLargeError,
  readCapped,
} from '../../src/http/client.ts';
import { silentLogger } from '../../src/log.ts';

const KEY = 'client-test-key-123';
let api: FakeApi;

beforeAll(async () => {
  api = await startFakeApi({
    seed: 1,
    requireKey: KEY,
    faults:
      '429:query=rate;retry_after=0,500:query=e500,503:query=e503,reset:query=reset,slow:query=slow;ms=4000,quota:query=quota,truncated:query=trunc,oversized:query=huge;mb=2',
    maxConsecutiveFaults: 2,
  });
});
afterAll(() => api.close());

function client(env: Record<string, string> = {}) {
  const config = loadConfig({
    JSEARCH_BASE_URL: api.url,
    JSEARCH_API_KEY: KEY,
    LOADER_HTTP_BASE_DELAY_MS: '1',
    LOADER_HTTP_MAX_DELAY_MS: '20',
    LOADER_HTTP_TIMEOUT_MS: '1000',
    LOADER_HTTP_RETRIES: '3',
    LOADER_REQUESTS_PER_SECOND: '1000',
    ...env,
  });
  return new ApiHttpClient(config.jsearch, config.http, silentLogger);
}
const params = (query: string) => new URLSearchParams({ query });

describe('ApiHttpClient', () => {
  it('sends x-api-key and reads quota headers', async () => {
    const stats = newStats();
    const response = await client().get('/search', params('data engineer'), stats);
    expect(response.status).toBe(200);
    expect(stats).toMatchObject({ calls: 1, errors: 0, retries: 0 });
    expect(stats.quota?.['x-ratelimit-requests-limit']).toBe('100000');
  });

  it('sends the RapidAPI headers when a host is configured', async () => {
    const rapid = client({ JSEARCH_RAPIDAPI_HOST: 'jsearch.p.rapidapi.com' });
    expect(rapid.authHeaders()).toMatchObject({ 'X-RapidAPI-Key': KEY, 'X-RapidAPI-Host': 'jsearch.p.rapidapi.com' });
    expect(rapid.authHeaders()).not.toHaveProperty('x-api-key');
    expect((await rapid.get('/search', params('x'), newStats())).status).toBe(200);
  });

  it('never retries a 4xx other than 429, and the error carries no key', async () => {
    const stats = newStats();
    const error = await client({ JSEARCH_API_KEY: 'wrong-key-999' })
      .get('/search', params('x'), stats)
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
    expect(stats.calls).toBe(1);
    expect(String(error.message)).not.toContain('wrong-key-999');
    expect(String(error.message)).toContain('/search?query=x');
  });

  it.each([
    ['429 with Retry-After', '429@1:retry_after=0'],
    ['500', '500@1'],
    ['503', '503@1'],
    ['connection reset', 'reset@1'],
    ['timeout', 'slow@1:ms=4000'],
  ])('%s is retried until it succeeds', async (_label, faults) => {
    // Rate-based faults hit one URL at most twice in a row, so the third attempt gets through.
    const flaky = await startFakeApi({ seed: 2, faults, maxConsecutiveFaults: 2 });
    try {
      const config = loadConfig({
        JSEARCH_BASE_URL: flaky.url,
        LOADER_HTTP_BASE_DELAY_MS: '1',
        LOADER_HTTP_TIMEOUT_MS: '1000',
        LOADER_HTTP_RETRIES: '3',
        LOADER_REQUESTS_PER_SECOND: '1000',
      });
      const stats = newStats();
      const response = await new ApiHttpClient(config.jsearch, config.http, silentLogger).get(
        '/search',
        params('q'),
        stats,
      );
      expect(response.status).toBe(200);
      expect(stats).toMatchObject({ calls: 3, errors: 2, retries: 2 });
    } finally {
      await flaky.close();
    }
  });

  it.each([
    ['500', 'e500', HttpError],
    ['reset', 'reset', NetworkError],
    ['timeout', 'slow', NetworkError],
  ])('gives up on a permanent %s after the configured retries', async (_label, query, type) => {
    const stats = newStats();
    const error = await client()
      .get('/search', params(query), stats)
      .catch((e) => e);
    expect(error).toBeInstanceOf(type);
    expect(stats.calls).toBe(4);
    expect(error.attempts).toBe(4);
  });

  it('does not retry a spent quota', async () => {
    const stats = newStats();
    const error = await client()
      .get('/search', params('quota'), stats)
      .catch((e) => e);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(stats.calls).toBe(1);
  });

  it('hands a complete but truncated JSON body to validation (not an HTTP error)', async () => {
    const response = await client().get('/search', params('trunc'), newStats());
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow();
  });
});

describe('the API key goes only where it should', () => {
  it('refuses a cross-origin redirect without following it, so the key never reaches the other host', async () => {
    const elsewhere = await startFakeApi({ seed: 3 });
    const redirecting = await startFakeApi({ seed: 3, faults: `redirect@1:to=${elsewhere.url}/search?query=x` });
    try {
      const stats = newStats();
      const error = await client({ JSEARCH_BASE_URL: redirecting.url })
        .get('/search', params('x'), stats)
        .catch((e) => e);
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(error.message).toContain(`redirecting to ${elsewhere.url}`);
      expect(error.message).not.toContain(KEY);
      expect(elsewhere.stats.requests).toBe(0);
      expect(stats.calls).toBe(1);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it.each([
    ['http://api.example.com', true],
    ['http://10.0.0.5:8080', true],
    ['http://127.0.0.1:9', false],
    ['http://127.1.2.3:9', false],
    ['http://localhost:9', false],
    ['http://[::1]:9', false],
    ['https://api.example.com', false],
  ])('%s refused over plain http: %s', (url, refused) => {
    const load = () => loadConfig({ JSEARCH_BASE_URL: url });
    if (refused) expect(load).toThrow(/must use https unless the host is loopback/);
    else expect(load).not.toThrow();
  });
});

describe('bounded responses', () => {
  it('refuses a body whose Content-Length is over the cap, once, with the reason', async () => {
    const stats = newStats();
    const error = await client({ LOADER_MAX_RESPONSE_BYTES: '1000000' })
      .get('/search', params('huge'), stats)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toMatch(/declares \d+ bytes, over the 1000000-byte limit \(LOADER_MAX_RESPONSE_BYTES\)/);
    expect(stats).toMatchObject({ calls: 1, retries: 0 });
  });

  it('the default cap (20 MiB) lets a 2 MB body through', async () => {
    const response = await client().get('/search', params('huge'), newStats());
    expect(response.text.length).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('stops reading a body without Content-Length once it passes the cap', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(120));
        if (pulled > 1000) controller.close();
      },
    });
    const error = await readCapped(new Response(stream), 200_000, 'GET', 'http://127.0.0.1/x').catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.seenBytes).toBe(4 * 64 * 1024);
    expect(error.bodyPrefix).toMatch(/^x+$/);
    expect(pulled).toBeLessThan(10);
  });

  it('reads a body under the cap whole, multi-byte characters across chunks included', async () => {
    const bytes = new TextEncoder().encode('{"é":"ü😀"}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    expect(await readCapped(new Response(stream), 1000, 'GET', 'u')).toBe('{"é":"ü😀"}');
  });
});

describe('RateLimiter', () => {
  afterEach(() => vi.useRealTimers());

  it('spaces requests evenly', async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter(10);
    let done = 0;
    for (let i = 0; i < 3; i++) limiter.take().then(() => done++);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(3);
  });
});
