import { error, fail, redirect } from '@sveltejs/kit';
import { echoableValues, profileToFormValues, readProfileForm, validateProfile } from '$lib/profile-schema.ts';
import { profileIdFrom } from '$lib/server/params.ts';
import { duplicateProfileName, getProfile, updateProfile } from '$lib/server/profiles.ts';
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
    webhookMasked: profile.chat_webhook_masked,
  };
};

async function save(profileId: number, form: FormData, setActive?: boolean) {
  const values = readProfileForm(form);
  if (setActive !== undefined) values.is_active = setActive;
  const result = validateProfile(values);
  if (!result.ok) return fail(400, { values: echoableValues(values), errors: result.errors });
  const duplicate = await duplicateProfileName(result.profile.profile_name, result.profile.email, profileId);
  if (duplicate) return fail(400, { values: echoableValues(values), errors: { profile_name: duplicate } });
  if (!(await updateProfile(profileId, result.profile))) error(404, 'No such profile');
  queueRescore(profileId);
  return null;
}

export const actions: Actions = {
  save: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const failed = await save(profileId, await request.formData());
    if (failed) return failed;
    redirect(303, `/profiles/${profileId}?saved=updated`);
  },
  // "Save and deactivate/activate" from the edit page: the form's edits are saved with the new
  // state (or the errors shown), so switching state never discards what was typed.
  saveActive: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const form = await request.formData();
    const wanted = form.get('set_active');
    if (wanted !== 'true' && wanted !== 'false') error(400, 'set_active must be true or false');
    const failed = await save(profileId, form, wanted === 'true');
    if (failed) return failed;
    redirect(303, `/profiles/${profileId}/edit`);
  },
  toggle: async ({ params, request }) => {
    const profileId = profileIdFrom(params.id);
    const result = await toggleFromForm(profileId, await request.formData(), `/profiles/${profileId}/edit`);
    if ('back' in result) redirect(303, result.back);
    return result;
  },
};
