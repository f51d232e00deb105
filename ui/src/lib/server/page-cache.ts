// The page cache around the list, detail and insights pages (see ui/README.md, "Page cache"). A page is
// served from memory only when the warehouse's data version (marts.data_version, moved in the same
// transaction as every write to what these pages read) is the one the page was rendered at, and
// the page's relative times still read the same. The version is read before rendering, so a
// write committed after that read can only make a stored page older than its version says, never
// newer: the next request reads the newer version and renders afresh.
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { analyticsHref, parseAnalyticsFilters } from '$lib/analytics-params.ts';
import { listHref, parseListParams } from '$lib/list-params.ts';
import { PageCache } from '$lib/page-cache.ts';
import { pool } from './db.ts';

/**
 * The routes whose load sets `locals.pageValidUntil` (nothing else is ever cached), each with the
 * cache key of a request: only the parameters its load reads, parsed and rebuilt, so `?junk=N`
 * or a reordered query shares one entry instead of evicting useful pages or forcing a render.
 * Null: not cacheable (the load answers 404).
 */
const CACHE_KEYS: Record<string, (url: URL, params: Partial<Record<string, string>>) => string | null> = {
  '/profiles': (url) => listHref(parseListParams(url.searchParams)),
  '/profiles/[id]': (url, params) => {
    if (!/^[1-9]\d{0,14}$/.test(params.id ?? '')) return null;
    const saved = url.searchParams.get('saved');
    const query = new URLSearchParams();
    if (url.searchParams.get('runs') === 'all') query.set('runs', 'all');
    // The page says "created" for saved=created and "saved" for any other non-empty value.
    if (saved) query.set('saved', saved === 'created' ? 'created' : 'updated');
    const text = query.toString();
    return `/profiles/${params.id}${text ? `?${text}` : ''}`;
  },
  '/insights': (url) => {
    const parsed = parseAnalyticsFilters(url.searchParams);
    return parsed.ok ? analyticsHref(parsed.filters) : null;
  },
};

const VERSION_QUERY = { name: 'ui-data-version', text: 'select data_version from marts.data_version' };

let cache: PageCache | null | undefined;

function pageCache(): PageCache | null {
  if (cache === undefined) {
    const megabytes = Number(env.UI_PAGE_CACHE_MB ?? 32);
    cache =
      env.UI_PAGE_CACHE === 'off' || !(megabytes > 0)
        ? null
        : new PageCache({ entries: 500, bytes: Math.floor(megabytes * 1024 * 1024) });
  }
  return cache;
}

let versionFailing = false;

/** The current data version, or null (then nothing is cached or served from the cache). */
export async function readDataVersion(): Promise<number | null> {
  try {
    const version = (await pool().query<{ data_version: number }>(VERSION_QUERY)).rows[0]?.data_version;
    versionFailing = false;
    return typeof version === 'number' && Number.isSafeInteger(version) ? version : null;
  } catch (error) {
    // Whatever happens to the version table meanwhile, pages stored before are not trusted again.
    cache?.clear();
    if (!versionFailing) {
      console.error(`jobs-ui: page cache off until the data version can be read: ${(error as Error).message}`);
      versionFailing = true;
    }
    return null;
  }
}

const withCacheHeader = (response: Response, state: 'hit' | 'miss' | 'bypass'): Response => {
  response.headers.set('x-page-cache', state);
  return response;
};

/**
 * Answers a request from the cache or by `render` (which must apply everything the response needs
 * besides rendering, e.g. security headers). Call only for authorised requests.
 */
export async function cachedPage(event: RequestEvent, render: () => Promise<Response>): Promise<Response> {
  const pages = pageCache();
  const keyOf = CACHE_KEYS[event.route.id ?? ''];
  const viewer = event.locals.user;
  const pageKey = keyOf?.(event.url, event.params);
  // Pages differ per user (their profiles) and per role (the admin's filter and links).
  const key = viewer && pageKey ? `${viewer.userId}:${viewer.role}:${pageKey}` : null;
  if (!pages || event.request.method !== 'GET' || event.isDataRequest || !key) return render();
  const version = await readDataVersion();
  if (version === null) return withCacheHeader(await render(), 'bypass');
  const hit = pages.get(key, version, Date.now());
  if (hit) return new Response(hit.body, { status: 200, headers: [...hit.headers, ['x-page-cache', 'hit']] });
  event.locals.pageValidUntil = undefined;
  const response = await render();
  const validUntil = event.locals.pageValidUntil;
  if (
    response.status !== 200 ||
    validUntil === undefined ||
    !(response.headers.get('content-type') ?? '').startsWith('text/html') ||
    response.headers.has('set-cookie')
  ) {
    return withCacheHeader(response, 'bypass');
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = [...response.headers];
  pages.set(key, { version, validUntil, body, headers });
  return new Response(body, { status: 200, headers: [...headers, ['x-page-cache', 'miss']] });
}
