// jobctl users invite EMAIL [--admin]: create a profile-app account (issue 22) from the command
// line, e.g. the first admin of a fresh install, or any account when UI_SIGNUP=closed. The person
// then signs in at /login with a one-time link mailed to the address. Idempotent: inviting an
// existing address changes nothing, except that --admin promotes it.
import type pg from 'pg';

export interface InviteSummary {
  command: 'users invite';
  user_id: number;
  created: boolean;
  role: 'user' | 'admin';
  /** Profiles without an owner that went to the first admin (only when one exists). */
  profiles_assigned: number;
}

/** A plain address, lower-cased, or null (the profile app's rule, src/lib/server/accounts.ts). */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^@\s\p{Cc}<>,;"]+@[^@\s\p{Cc}<>,;"]+\.[^@\s\p{Cc}<>,;".]+$/u.test(email)) return null;
  return email;
}

export async function inviteUser(pool: pg.Pool, email: string, admin: boolean): Promise<InviteSummary> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ user_id: number; role: 'user' | 'admin'; created: boolean }>(
      `insert into marts.app_users (email, role, created_at) values ($1, $2, now())
       on conflict (lower(email)) do update
           set role = case when $2 = 'admin' then 'admin' else marts.app_users.role end
       returning user_id::int as user_id, role, (xmax = 0) as created`,
      [email, admin ? 'admin' : 'user'],
    );
    const user = rows[0];
    if (!user) throw new Error('insert into marts.app_users returned no row');
    await client.query(
      `insert into marts.app_audit_log (occurred_at, user_id, action, target) values (now(), null, 'invite', $1)`,
      [`user:${user.user_id}${admin ? ' as admin' : ''} (jobctl)`],
    );
    // The same rule as the profile_preferences post-hook: unowned profiles go to the first admin.
    const assigned = await client.query(
      `update marts.profile_preferences
       set owner_user_id = (select min(user_id) from marts.app_users where role = 'admin')
       where owner_user_id is null and exists (select from marts.app_users where role = 'admin')`,
    );
    await client.query('commit');
    return {
      command: 'users invite',
      user_id: user.user_id,
      created: user.created,
      role: user.role,
      profiles_assigned: assigned.rowCount ?? 0,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
