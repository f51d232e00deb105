import { redirect } from '@sveltejs/kit';
import { ADMIN_COOKIE } from '$lib/server/auth.ts';
import type { RequestHandler } from './$types';

// POST only (SvelteKit's origin check covers it), so another site cannot sign a browser out.
export const POST: RequestHandler = ({ cookies, url }) => {
  cookies.delete(ADMIN_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: url.protocol === 'https:' });
  redirect(303, '/login');
};
