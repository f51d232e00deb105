// One HTTP client for every source: auth headers, rate limiting, retries, timeouts, quota
// headers, counters. Retries live here only, as retry-policy.ts decides; callers see a final
// answer or an error.
import type { ApiConfig, HttpPolicy } from '../config.ts';
import type { Logger } from '../log.ts';
import { type AttemptOutcome, judgeAttempt, readQuotaHeaders } from './retry-policy.ts';

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

  // GET and read the whole body, attempt after attempt as the retry policy (retry-policy.ts)
  // says; callers see a final answer or an error. `usable` lets a caller that validates bodies
  // have an unusable 2xx body (truncated, not JSON) retried within the same attempt budget; it is
  // called once per 2xx body, so the caller can keep each bad one as evidence.
  async get(
    path: string,
    params: URLSearchParams,
    stats: ApiCallStats,
    usable?: (response: ApiResponse) => boolean,
  ): Promise<ApiResponse> {
    const url = this.urlFor(path, params);
    const secrets = [this.api.apiKey];
    const { policy, logger } = this;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.take();
      stats.calls += 1;
      let response: ApiResponse | undefined;
      let failure: unknown;
      try {
        response = await this.attempt(url, stats);
      } catch (error) {
        failure = error;
        stats.errors += 1;
      }
      if (response && response.status >= 400) stats.errors += 1;
      const outcome: AttemptOutcome = response
        ? {
            kind: 'answer',
            status: response.status,
            body: response.text,
            retryAfter: response.headers.get('retry-after'),
            usable: response.status >= 200 && response.status < 300 && usable ? usable(response) : undefined,
          }
        : failure instanceof ResponseTooLargeError
          ? { kind: 'too_large' }
          : { kind: 'network' };
      const verdict = judgeAttempt(outcome, attempt, policy);
      if (verdict.action === 'accept') return response as ApiResponse;
      if (verdict.action === 'retry') {
        stats.retries += 1;
        logger.warn(
          {
            url,
            attempt,
            status: response?.status,
            error: failure === undefined ? undefined : describeError(failure),
            unusable: outcome.kind === 'answer' && outcome.usable === false ? true : undefined,
          },
          'request failed, retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
        continue;
      }
      if (failure instanceof ResponseTooLargeError) throw failure;
      if (!response) throw new NetworkError('GET', url, scrub(describeError(failure), secrets), attempt);
      // An unusable body after the last attempt is the caller's to record, like any other body.
      if (verdict.reason === 'unusable') return response;
      if (verdict.reason === 'redirect') {
        throw new RedirectRefusedError(
          'GET',
          url,
          response.status,
          scrub(response.headers.get('location') ?? '', secrets),
        );
      }
      const body = scrub(excerpt(response.text), secrets);
      if (verdict.reason === 'quota') throw new QuotaExceededError('GET', url, response.status, body, attempt);
      throw new HttpError('GET', url, response.status, body, attempt);
    }
  }

  // One attempt: redirects refused, body read up to the size cap, quota headers noted.
  private async attempt(url: string, stats: ApiCallStats): Promise<ApiResponse> {
    const response = await fetch(url, {
      method: 'GET',
      headers: this.authHeaders(),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.policy.timeoutMs),
    });
    const isRedirect = response.status >= 300 && response.status < 400;
    if (isRedirect) await response.body?.cancel().catch(() => undefined);
    const text = isRedirect ? '' : await readCapped(response, this.policy.maxResponseBytes, 'GET', url);
    const quota = readQuotaHeaders(response.headers);
    if (quota) {
      stats.quota = quota;
      this.logger.debug({ url, quota }, 'quota headers');
    }
    return { status: response.status, text, headers: response.headers, url };
  }
}
