// The HTTP client against the project's fake API on loopback: retries, Retry-After, timeouts,
// resets, no retry on other 4xx, quota, both auth styles.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type FakeApi, startFakeApi } from '../../src/fake/server.ts';
import {
  ApiHttpClient,
  HttpError,
  NetworkError,
  newStats,
  QuotaExceededError,
  RateLimiter,
} from '../../src/http/client.ts';
import { silentLogger } from '../../src/log.ts';

const KEY = 'client-test-key-123';
let api: FakeApi;

beforeAll(async () => {
  api = await startFakeApi({
    seed: 1,
    requireKey: KEY,
    faults:
      '429:query=rate;retry_after=0,500:query=e500,503:query=e503,reset:query=reset,slow:query=slow;ms=4000,quota:query=quota,truncated:query=trunc',
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
