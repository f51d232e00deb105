import { error, fail, redirect } from '@sveltejs/kit';
import { profileToFormValues, readProfileForm, validateProfile } from '$lib/profile-schema.ts';
import { profileIdFrom } from '$lib/server/params.ts';
import { getProfile, updateProfile } from '$lib/server/profiles.ts';
import { queueRescore } from '$lib/server/rescore.ts';
import { toggleFromForm } from '$lib/server/toggle.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  const profile = await getProfile(profileIdFrom(params.id));
  if (!profile) error(404, 'No such profile');
  return {
    profileId: profile.profile_id,
    profileName: profile.profile_name,
    isActive: profile.is_active,
    updatedAt: profile.updated_at,
    values: profileToFormValues(profile),
  };
};

export const actions: Actions = {
  save: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const values = readProfileForm(await request.formData());
    const result = validateProfile(values);
    if (!result.ok) return fail(400, { values, errors: result.errors });
    if (!(await updateProfile(profileId, result.profile))) error(404, 'No such profile');
    queueRescore(profileId);
    redirect(303, `/profiles/${profileId}?saved=updated`);
  },
  toggle: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const result = await toggleFromForm(profileId, await request.formData(), `/profiles/${profileId}/edit`);
    if ('back' in result) redirect(303, result.back);
    return result;
  },
};
