import { error, fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import {
  audit,
  createSignInLink,
  inviteUser,
  listUsers,
  normaliseEmail,
  recentAudit,
  setDisabled,
  setRole,
  signupMode,
} from '$lib/server/accounts.ts';
import { sendSignInLink } from '$lib/server/sign-in-mail.ts';
import type { Actions, PageServerLoad } from './$types';

// Admins only (the hook answers 403 to anybody else before this runs).
const adminOf = (locals: App.Locals) => {
  if (locals.user?.role !== 'admin') error(403, 'Admins only');
  return locals.user;
};

export const load: PageServerLoad = async ({ locals }) => {
  adminOf(locals);
  const [users, auditRows] = await Promise.all([listUsers(), recentAudit(100)]);
  return { users, auditRows, signup: signupMode(env.UI_SIGNUP), me: locals.user?.userId };
};

const userIdOf = (form: FormData): number | null => {
  const id = Number(form.get('user_id'));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

export const actions: Actions = {
  // Creates the account and mails it a sign-in link.
  invite: async ({ locals, request, url }) => {
    const admin = adminOf(locals);
    if (signupMode(env.UI_SIGNUP) === 'closed') {
      return fail(403, { inviteError: 'UI_SIGNUP=closed: accounts are made with jobctl users invite.' });
    }
    const form = await request.formData();
    const email = normaliseEmail(form.get('email'));
    if (!email) return fail(400, { inviteError: 'Enter an e-mail address.' });
    const role = form.get('admin') === 'on' ? 'admin' : 'user';
    const { user } = await inviteUser(email, role);
    await audit(admin.userId, 'invite', `user:${user.userId}${role === 'admin' ? ' as admin' : ''}`);
    const token = await createSignInLink(email, 'invite');
    if (token) sendSignInLink(email, `${url.origin}/login/link/${token}`);
    redirect(303, '/admin/users?invited=1');
  },
  role: async ({ locals, request }) => {
    const admin = adminOf(locals);
    const form = await request.formData();
    const userId = userIdOf(form);
    const role = form.get('role');
    if (!userId || (role !== 'admin' && role !== 'user')) return fail(400, { actionError: 'Unknown user or role' });
    if (userId === admin.userId && role !== 'admin') return fail(400, { actionError: 'You cannot demote yourself.' });
    if (!(await setRole(userId, role))) error(404, 'No such user');
    await audit(admin.userId, 'role_change', `user:${userId} to ${role}`);
    redirect(303, '/admin/users');
  },
  disable: async ({ locals, request }) => {
    const admin = adminOf(locals);
    const form = await request.formData();
    const userId = userIdOf(form);
    const disabled = form.get('disabled') === 'true';
    if (!userId) return fail(400, { actionError: 'Unknown user' });
    if (userId === admin.userId) return fail(400, { actionError: 'You cannot disable yourself.' });
    if (!(await setDisabled(userId, disabled))) error(404, 'No such user');
    await audit(admin.userId, disabled ? 'disable' : 'enable', `user:${userId}`);
    redirect(303, '/admin/users');
  },
};
