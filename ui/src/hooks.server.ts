import { type Handle, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { ADMIN_COOKIE, isAuthorised, sessionKey } from '$lib/server/auth.ts';
import { cachedPage } from '$lib/server/page-cache.ts';

// Signing out only deletes the cookie, so it needs no token either.
const OPEN_PATHS = new Set(['/login', '/logout', '/healthz']);

/**
 * Token-signed routes (digest links: /t/feedback/TOKEN, /t/unsubscribe/TOKEN) are authenticated by
 * their signed token alone, checked by the route itself. Mail providers' one-click unsubscribe
 * (RFC 8058) POSTs form-encoded with no Origin and no cookie, so these routes, and only these, skip
 * the Origin check, the admin token and any sign-in.
 */
function isTokenSignedRoute(pathname: string): boolean {
  return pathname.startsWith('/t/');
}

const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * SvelteKit's CSRF check, done here so token-signed routes can skip it (svelte.config.js turns the
 * built-in one off; it runs before any hook). Same rule and message: a form submission must carry
 * the app's own Origin.
 */
function isCrossSiteFormSubmission(request: Request, appOrigin: string): boolean {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return (
    UNSAFE_METHODS.has(request.method) &&
    FORM_CONTENT_TYPES.includes(type) &&
    request.headers.get('origin') !== appOrigin
  );
}

/** ORIGIN's host (name:port as a Host header carries it), or null when ORIGIN is unset (vite dev). */
function expectedHost(origin: string | undefined): string | null {
  if (!origin) return null;
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  // DNS rebinding: a page on evil.example that re-points its name to 127.0.0.1 reaches the app
  // with `Host: evil.example`. Only requests addressed to ORIGIN's host are answered (the health
  // check, which reveals nothing, is asked for by address).
  const wanted = expectedHost(env.ORIGIN);
  const host = (event.request.headers.get('host') ?? '').toLowerCase();
  if (wanted && host !== wanted && event.url.pathname !== '/healthz') {
    return new Response('Unknown host', { status: 421 });
  }
  const tokenSigned = isTokenSignedRoute(event.url.pathname);
  if (!tokenSigned && isCrossSiteFormSubmission(event.request, event.url.origin)) {
    return new Response(`Cross-site ${event.request.method} form submissions are forbidden`, { status: 403 });
  }
  const token = env.UI_ADMIN_TOKEN;
  if (token && !tokenSigned && !OPEN_PATHS.has(event.url.pathname)) {
    const authorised = isAuthorised(
      {
        authorization: event.request.headers.get('authorization'),
        adminHeader: event.request.headers.get('x-admin-token'),
        cookie: event.cookies.get(ADMIN_COOKIE),
      },
      token,
      sessionKey(env.UI_SESSION_SECRET),
    );
    if (!authorised) {
      if (event.request.method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html')) {
        redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
      }
      return new Response('Admin token required', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
    }
  }
  // Only requests that passed the token check above reach the page cache.
  return cachedPage(event, async () => {
    const response = await resolve(event);
    response.headers.set('x-content-type-options', 'nosniff');
    response.headers.set('referrer-policy', 'same-origin');
    return response;
  });
};
