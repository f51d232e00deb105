import { type Handle, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { ADMIN_COOKIE, isAuthorised } from '$lib/server/auth.ts';
import { cachedPage } from '$lib/server/page-cache.ts';

const OPEN_PATHS = new Set(['/login', '/healthz']);

export const handle: Handle = async ({ event, resolve }) => {
  const token = env.UI_ADMIN_TOKEN;
  if (token && !OPEN_PATHS.has(event.url.pathname)) {
    const authorised = isAuthorised(
      {
        authorization: event.request.headers.get('authorization'),
        adminHeader: event.request.headers.get('x-admin-token'),
        cookie: event.cookies.get(ADMIN_COOKIE),
      },
      token,
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
