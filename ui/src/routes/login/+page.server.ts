import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { ADMIN_COOKIE, cookieValueFor, isTokenCorrect, safeNextPath } from '$lib/server/auth.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
  required: Boolean(env.UI_ADMIN_TOKEN),
  next: safeNextPath(url.searchParams.get('next')),
});

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const token = env.UI_ADMIN_TOKEN;
    const form = await request.formData();
    const next = safeNextPath(String(form.get('next') ?? ''));
    if (!token) redirect(303, next);
    const given = String(form.get('token') ?? '');
    if (!isTokenCorrect(given, token)) return fail(401, { next, error: 'That token is not correct.' });
    cookies.set(ADMIN_COOKIE, cookieValueFor(token), {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: url.protocol === 'https:',
      maxAge: 60 * 60 * 24 * 30,
    });
    redirect(303, next);
  },
};
