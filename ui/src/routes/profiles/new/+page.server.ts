import { fail, redirect } from '@sveltejs/kit';
import { EMPTY_PROFILE_FORM, echoableValues, readProfileForm, validateProfile } from '$lib/profile-schema.ts';
import { createProfile, duplicateProfileName } from '$lib/server/profiles.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ values: EMPTY_PROFILE_FORM });

export const actions: Actions = {
  save: async ({ request }) => {
    const values = readProfileForm(await request.formData());
    const result = validateProfile(values);
    if (!result.ok) return fail(400, { values: echoableValues(values), errors: result.errors });
    const duplicate = await duplicateProfileName(result.profile.profile_name, result.profile.email);
    if (duplicate) return fail(400, { values: echoableValues(values), errors: { profile_name: duplicate } });
    const profileId = await createProfile(result.profile);
    redirect(303, `/profiles/${profileId}?saved=created`);
  },
};
