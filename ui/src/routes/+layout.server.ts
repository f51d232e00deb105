import type { LayoutServerLoad } from './$types';

// Who is signed in, for the header (no query: the hook already knows).
export const load: LayoutServerLoad = ({ locals }) => ({
  viewer: locals.user ? { email: locals.user.email, role: locals.user.role } : null,
});
