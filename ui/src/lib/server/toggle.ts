import { error, fail } from '@sveltejs/kit';
import { safeNextPath } from './auth.ts';
import { setProfileActive } from './profiles.ts';

// One-click activate/deactivate. The form says which state it wants (not "flip"), so a double
// click or a resubmitted form cannot undo itself.
export async function toggleFromForm(profileId: number, form: FormData, fallbackPath: string) {
  const wanted = form.get('is_active');
  if (wanted !== 'true' && wanted !== 'false') return fail(400, { toggleError: 'is_active must be true or false' });
  const updated = await setProfileActive(profileId, wanted === 'true');
  if (!updated) error(404, 'No such profile');
  const back = form.get('return_to');
  return { back: safeNextPath(typeof back === 'string' ? back : fallbackPath) };
}
