import { fail, redirect } from '@sveltejs/kit';
import { parseListParams } from '$lib/list-params.ts';
import { renderData } from '$lib/render-data.ts';
import { listProfiles } from '$lib/server/profiles.ts';
import { toggleFromForm } from '$lib/server/toggle.ts';
import type { Actions, PageServerLoad } from './$types';

// Server-rendered only: the page is a table of links and small forms.
export const csr = false;

export const load: PageServerLoad = async ({ url, isDataRequest }) => {
  const params = parseListParams(url.searchParams);
  const { profiles, matching, counts } = await listProfiles(params);
  return { view: renderData({ params, profiles, matching, counts, now: new Date() }, isDataRequest) };
};

export const actions: Actions = {
  toggle: async ({ request }) => {
    const form = await request.formData();
    // The list's buttons send target=<profile_id>:<wanted state>.
    const target = /^([1-9]\d{0,14}):(true|false)$/.exec(String(form.get('target') ?? ''));
    if (!target) return fail(400, { toggleError: 'Unknown profile' });
    form.set('is_active', target[2] as string);
    const result = await toggleFromForm(Number(target[1]), form, '/profiles');
    if ('back' in result) redirect(303, result.back);
    return result;
  },
};
