import { fail, redirect } from '@sveltejs/kit';
import { ageChangesAt } from '$lib/format.ts';
import { healthChangesAt, healthInputOf } from '$lib/insights.ts';
import { parseListParams } from '$lib/list-params.ts';
import { renderData } from '$lib/render-data.ts';
import { listProfiles } from '$lib/server/profiles.ts';
import { toggleFromForm } from '$lib/server/toggle.ts';
import type { Actions, PageServerLoad } from './$types';

// Server-rendered only: the page is a table of links and small forms.
export const csr = false;

export const load: PageServerLoad = async ({ url, isDataRequest, locals }) => {
  const params = parseListParams(url.searchParams);
  const { profiles, matching, counts } = await listProfiles(params);
  const now = new Date();
  // The page's only time-dependent texts: each row's age of its last run and its health badge.
  locals.pageValidUntil = Math.min(
    ...profiles.map((profile) =>
      Math.min(ageChangesAt(profile.last_run_at, now), healthChangesAt(healthInputOf(profile), now)),
    ),
  );
  return { view: renderData({ params, profiles, matching, counts, now }, isDataRequest) };
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
