// One HTTP client for every source: auth headers, rate limiting, retries (fetch-retry), timeouts,
// quota headers, counters. Retries live here only; callers see a final answer or an error.
import fetchBuilder from 'fetch-retry';
import type { ApiConfig, HttpPolicy } from '../config.ts';
import type { Logger } from '../log.ts';
import { backoffDelay, isQuotaExceeded, isRetryableStatus, parseRetryAfter, readQuotaHeaders } from './backoff.ts';

export interface ApiCallStats {
  calls: number;
  errors: number;
  retries: number;
  quota?: Record<string, string>;
}

export const newStats = (): ApiCallStats => ({ calls: 0, errors: 0, retries: 0 });

export interface ApiResponse {
  status: number;
  text: string;
  headers: Headers;
  url: string;
}

const excerpt = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

// Error classes carry what a person needs to act; never the key (scrubbed defensively).
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly bodyExcerpt: string,
    readonly attempts: number,
  ) {
    super(`${method} ${url} answered ${status} after ${attempts} attempt(s): ${bodyExcerpt}`);
  }
}

export class QuotaExceededError extends HttpError {
  override name = 'QuotaExceededError';
}

// Not retried: the same request would answer the same size again.
export class ResponseTooLargeError extends HttpError {
  override name = 'ResponseTooLargeError';
  constructor(
    method: string,
    url: string,
    status: number,
    readonly limitBytes: number,
    // What is known of the size: the declared Content-Length, or the bytes read before stopping.
    readonly seenBytes: number,
    readonly declared: boolean,
    // The start of the body (when any was read), for quarantine.
    readonly bodyPrefix: string,
  ) {
    super(method, url, status, '', 1);
    this.message = `${method} ${url}: response body ${declared ? `declares ${seenBytes}` : `exceeded ${limitBytes} after ${seenBytes}`} bytes, over the ${limitBytes}-byte limit (LOADER_MAX_RESPONSE_BYTES); refused, not retried`;
  }
}

// Redirects are never followed: fetch would forward the API key header to wherever it points.
export class RedirectRefusedError extends HttpError {
  override name = 'RedirectRefusedError';
  constructor(method: string, url: string, status: number, location: string) {
    super(method, url, status, '', 1);
    this.message = `${method} ${url} answered ${status} redirecting to ${location || '(no Location)'}; redirects are not followed, so the API key is only ever sent to the configured base URL`;
  }
}

export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(`${method} ${url} failed after ${attempts} attempt(s): ${reason}`);
  }
}

export function scrub(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.name === 'TimeoutError') return 'timed out';
  if (cause?.code) return `${error.message} (${cause.code})`;
  return error.message;
}

const PREFIX_BYTES = 64 * 1024;

// Reads a body up to `limit` bytes: a larger Content-Length is refused before reading, and a body
// that grows past the limit anyway (no or wrong Content-Length, chunked) is cut off mid-stream.
export async function readCapped(response: Response, limit: number, method: string, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(method, url, response.status, limit, declared, true, '');
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      const prefix = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, PREFIX_BYTES));
      throw new ResponseTooLargeError(method, url, response.status, limit, total, false, prefix);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
}

export class RateLimiter {
  private next = 0;
  constructor(private readonly perSecond: number) {}
  async take(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}

export class ApiHttpClient {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly api: ApiConfig,
    private readonly policy: HttpPolicy,
    private readonly logger: Logger,
  ) {
    this.limiter = new RateLimiter(policy.requestsPerSecond);
  }

  authHeaders(): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (!this.api.apiKey) return headers;
    if (this.api.authStyle === 'rapidapi') {
      headers['X-RapidAPI-Key'] = this.api.apiKey;
      headers['X-RapidAPI-Host'] = this.api.rapidApiHost ?? '';
    } else {
      headers['x-api-key'] = this.api.apiKey;
    }
    return headers;
  }

  urlFor(path: string, params: URLSearchParams): string {
    const query = params.toString();
    return `${this.api.baseUrl}${path}${query ? `?${query}` : ''}`;
  }

  // GET and read the whole body; a body cut off mid-stream is a network error and retried.
  async get(path: string, params: URLSearchParams, stats: ApiCallStats): Promise<ApiResponse> {
    const url = this.urlFor(path, params);
    const secrets = [this.api.apiKey];
    const { policy, logger } = this;
    let attempts = 0;

    const attempt = async (target: string, init: RequestInit): Promise<ApiResponse> => {
      await this.limiter.take();
      attempts += 1;
      stats.calls += 1;
      try {
        const response = await fetch(target, {
          ...init,
          redirect: 'manual',
          signal: AbortSignal.timeout(policy.timeoutMs),
        });
        const isRedirect = response.status >= 300 && response.status < 400;
        if (isRedirect) await response.body?.cancel().catch(() => undefined);
        const text = isRedirect ? '' : await readCapped(response, policy.maxResponseBytes, 'GET', url);
        const quota = readQuotaHeaders(response.headers);
        if (quota) {
          stats.quota = quota;
          logger.debug({ url, quota }, 'quota headers');
        }
        if (response.status >= 400) stats.errors += 1;
        return { status: response.status, text, headers: response.headers, url };
      } catch (error) {
        stats.errors += 1;
        throw error;
      }
    };

    const fetchWithRetry = fetchBuilder(attempt, {
      retries: policy.retries,
      retryOn: (n, error, response) => {
        if (n >= policy.retries || error instanceof ResponseTooLargeError) return false;
        const retry = error
          ? true
          : response
            ? isRetryableStatus(response.status) && !isQuotaExceeded(response.status, response.text)
            : false;
        if (retry) {
          stats.retries += 1;
          logger.warn(
            { url, attempt: n + 1, status: response?.status, error: error ? describeError(error) : undefined },
            'request failed, retrying',
          );
        }
        return retry;
      },
      retryDelay: (n, _error, response) =>
        backoffDelay(n, parseRetryAfter(response?.headers.get('retry-after'), Date.now()), policy),
    });

    let response: ApiResponse;
    try {
      response = await fetchWithRetry(url, { method: 'GET', headers: this.authHeaders() });
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error;
      throw new NetworkError('GET', url, scrub(describeError(error), secrets), attempts);
    }
    if (response.status >= 300 && response.status < 400) {
      throw new RedirectRefusedError(
        'GET',
        url,
        response.status,
        scrub(response.headers.get('location') ?? '', secrets),
      );
    }
    if (response.status >= 400) {
      const body = scrub(excerpt(response.text), secrets);
      if (isQuotaExceeded(response.status, response.text)) {
        throw new QuotaExceededError('GET', url, response.status, body, attempts);
      }
      throw new HttpError('GET', url, response.status, body, attempts);
    }
    return response;
  }
}
