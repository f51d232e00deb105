import { type Handle, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { firstAdmin, SESSION_COOKIE, type SessionUser, sessionLimits, sessionUser } from '$lib/server/accounts.ts';
import { adminTokenFrom } from '$lib/server/auth.ts';
import { withRowScope } from '$lib/server/db.ts';
import { cachedPage } from '$lib/server/page-cache.ts';

// Reachable without signing in: signing in itself, signing out, the health check, and the
// signed-token routes under /t/ (feedback and unsubscribe links in mails), whose handlers verify
// their own token and scope the database to that one profile (withRowScope tokenProfileId).
const OPEN_PATHS = new Set(['/login', '/login/check', '/logout', '/healthz']);
const isOpenPath = (path: string): boolean =>
  OPEN_PATHS.has(path) || path.startsWith('/login/link/') || isTokenSignedRoute(path);

// Admins only: user management and the audit log, and the sources page.
const isAdminPath = (path: string): boolean => /^\/(admin|sources)(\/|$)/.test(path);

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

type Who = { user: SessionUser } | { refused: Response } | null;

/** The signed-in user: a session cookie, or the admin token (break-glass) acting as the first admin. */
async function whoIsAsking(request: Request, sessionId: string | undefined): Promise<Who> {
  if (env.UI_ADMIN_TOKEN && adminTokenFrom(request.headers, env.UI_ADMIN_TOKEN)) {
    const admin = await firstAdmin();
    if (admin) return { user: admin };
    return {
      refused: new Response('No admin account yet: sign in at /login with the admin token to create the first one', {
        status: 409,
      }),
    };
  }
  if (!sessionId) return null;
  const user = await sessionUser(sessionId, sessionLimits(env));
  return user ? { user } : null;
}

const withHeaders = (response: Response): Response => {
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};

export const handle: Handle = async ({ event, resolve }) => {
  // DNS rebinding: a page on evil.example that re-points its name to 127.0.0.1 reaches the app
  // with `Host: evil.example`. Only requests addressed to ORIGIN's host are answered (the health
  // check, which reveals nothing, is asked for by address).
  const wanted = expectedHost(env.ORIGIN);
  const host = (event.request.headers.get('host') ?? '').toLowerCase();
  if (wanted && host !== wanted && event.url.pathname !== '/healthz') {
    return new Response('Unknown host', { status: 421 });
  }
  const path = event.url.pathname;
  if (!isTokenSignedRoute(path) && isCrossSiteFormSubmission(event.request, event.url.origin)) {
    return new Response(`Cross-site ${event.request.method} form submissions are forbidden`, { status: 403 });
  }
  if (isOpenPath(path)) return withHeaders(await resolve(event));

  const who = await whoIsAsking(event.request, event.cookies.get(SESSION_COOKIE));
  if (who && 'refused' in who) return who.refused;
  if (!who) {
    if (event.request.method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html')) {
      redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
    }
    return new Response('Sign in first', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  if (isAdminPath(path) && who.user.role !== 'admin') return new Response('Admins only', { status: 403 });
  event.locals.user = who.user;
  // Every query of the request runs in one transaction that tells the row-level policies who
  // asks. Only signed-in requests reach the page cache, whose keys include the user.
  return withRowScope({ userId: who.user.userId }, () =>
    cachedPage(event, async () => withHeaders(await resolve(event))),
  );
};
