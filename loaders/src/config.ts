// Configuration from the environment (Project Documentation/contract.md), read once by the CLI and passed down.
// Pure: takes the env as an argument so tests can hand in any map.

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type AuthStyle = 'direct' | 'rapidapi';

export interface ApiConfig {
  baseUrl: string;
  apiKey: string | undefined;
  authStyle: AuthStyle;
  rapidApiHost: string | undefined;
}

export interface HttpPolicy {
  retries: number;
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  requestsPerSecond: number;
  // A body larger than this is refused (Content-Length first, then counted while reading).
  maxResponseBytes: number;
}

export interface LoaderConfig {
  databaseUrl: string | undefined;
  jsearch: ApiConfig & { numPages: number; pagesPerRequest: number };
  glassdoor: ApiConfig & { batchSize: number };
  http: HttpPolicy;
  batchSize: number;
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ConfigError(`${name} must be an integer between 0 and ${max}, got "${raw}"`);
  }
  return value;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function baseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be http(s), got "${url.protocol}"`);
  }
  // The API key travels in a header: in clear text only to this machine (the fake API).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`${name} must use https unless the host is loopback, got "${url.origin}"`);
  }
  return raw.replace(/\/+$/, '');
}

function api(env: Env, prefix: 'JSEARCH' | 'GLASSDOOR', fallbackUrl: string): ApiConfig {
  const rapidApiHost = env[`${prefix}_RAPIDAPI_HOST`]?.trim() || undefined;
  return {
    baseUrl: baseUrl(env, `${prefix}_BASE_URL`, fallbackUrl),
    apiKey: env[`${prefix}_API_KEY`]?.trim() || undefined,
    authStyle: rapidApiHost ? 'rapidapi' : 'direct',
    rapidApiHost,
  };
}

export const DEFAULT_JSEARCH_BASE_URL = 'https://api.openwebninja.com/jsearch';
export const DEFAULT_GLASSDOOR_BASE_URL = 'https://api.openwebninja.com/realtime-glassdoor-data';

// 20 MiB: a 20-page JSearch answer is ~1 MB; far larger is broken or hostile.
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export function loadConfig(env: Env): LoaderConfig {
  return {
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    jsearch: {
      ...api(env, 'JSEARCH', DEFAULT_JSEARCH_BASE_URL),
      numPages: Math.max(1, positiveInt(env, 'JSEARCH_NUM_PAGES', 1, 100)),
      // JSearch returns up to num_pages×10 postings per request; larger requests are slower and
      // all-or-nothing, so long runs are split into requests of this many pages.
      pagesPerRequest: Math.max(1, positiveInt(env, 'JSEARCH_PAGES_PER_REQUEST', 10, 20)),
    },
    glassdoor: {
      ...api(env, 'GLASSDOOR', DEFAULT_GLASSDOOR_BASE_URL),
      batchSize: Math.max(1, positiveInt(env, 'GLASSDOOR_BATCH_SIZE', 200, 100_000)),
    },
    http: {
      retries: positiveInt(env, 'LOADER_HTTP_RETRIES', 6, 20),
      timeoutMs: Math.max(1, positiveInt(env, 'LOADER_HTTP_TIMEOUT_MS', 30_000)),
      baseDelayMs: positiveInt(env, 'LOADER_HTTP_BASE_DELAY_MS', 500),
      maxDelayMs: positiveInt(env, 'LOADER_HTTP_MAX_DELAY_MS', 60_000),
      requestsPerSecond: Math.max(1, positiveInt(env, 'LOADER_REQUESTS_PER_SECOND', 5)),
      maxResponseBytes: Math.max(1, positiveInt(env, 'LOADER_MAX_RESPONSE_BYTES', DEFAULT_MAX_RESPONSE_BYTES)),
    },
    batchSize: Math.max(1, positiveInt(env, 'LOADER_BATCH_SIZE', 1000, 1_000_000)),
  };
}

// A real (non-loopback) API without a key is a configuration error; the fake API needs none.
export function requireKey(api: ApiConfig, name: 'JSEARCH' | 'GLASSDOOR'): void {
  if (api.apiKey) return;
  if (isLoopbackHost(new URL(api.baseUrl).hostname)) return;
  throw new ConfigError(`${name}_API_KEY is required for ${api.baseUrl}`);
}
