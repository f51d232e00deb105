// Accounts (issue 22): users, server-side sessions, one-time sign-in links and the audit log.
// These tables carry no row-level security (sign-in must find a user before anybody is signed
// in), so everything here uses the pool directly, never a user's scoped transaction.

import {
  LINK_MINUTES,
  looksLikeSecret,
  newSecret,
  type Role,
  type SessionLimits,
  type SessionUser,
  type SignupMode,
  secretHash,
} from './account-rules.ts';
import { db, pool } from './db.ts';

export * from './account-rules.ts';

// ---- sessions ----

/**
 * The session's user, or null (unknown, expired on idle or absolutely, or the user disabled).
 * Moves last_seen_at at most once a minute, in the same round trip.
 */
export async function sessionUser(sessionId: string, limits: SessionLimits): Promise<SessionUser | null> {
  if (!looksLikeSecret(sessionId)) return null;
  const { rows } = await pool().query<SessionUser>({
    name: 'ui-session-user',
    text: `with found as (
               select u.user_id as "userId", u.email, u.display_name as "displayName", u.role
               from marts.app_sessions as s
               join marts.app_users as u on u.user_id = s.user_id
               where s.session_hash = $1 and s.expires_at > now()
                 and s.last_seen_at > now() - make_interval(mins => $2::int)
                 and u.disabled_at is null
           ),
           touched as (
               update marts.app_sessions set last_seen_at = now()
               where session_hash = $1 and last_seen_at < now() - interval '1 minute'
                 and exists (select from found)
           )
           select * from found`,
    values: [secretHash(sessionId), limits.idleMinutes],
  });
  return rows[0] ?? null;
}

export async function createSession(userId: number, userAgent: string | null, limits: SessionLimits): Promise<string> {
  const sessionId = newSecret();
  await pool().query(
    `insert into marts.app_sessions (session_hash, user_id, created_at, last_seen_at, expires_at, user_agent)
     values ($1, $2, now(), now(), now() + make_interval(hours => $3::int), $4)`,
    [secretHash(sessionId), userId, limits.maxHours, userAgent?.slice(0, 200) ?? null],
  );
  await pool().query('update marts.app_users set last_login_at = now() where user_id = $1', [userId]);
  return sessionId;
}

export async function endSession(sessionId: string): Promise<void> {
  if (!looksLikeSecret(sessionId)) return;
  await pool().query('delete from marts.app_sessions where session_hash = $1', [secretHash(sessionId)]);
}

export async function endAllSessions(userId: number): Promise<number> {
  const { rowCount } = await pool().query('delete from marts.app_sessions where user_id = $1', [userId]);
  return rowCount ?? 0;
}

export interface SessionListItem {
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string | null;
  current: boolean;
}

export async function listSessions(userId: number, currentSessionId: string): Promise<SessionListItem[]> {
  const { rows } = await pool().query<SessionListItem>(
    `select created_at, last_seen_at, expires_at, user_agent, session_hash = $2 as current
     from marts.app_sessions where user_id = $1 and expires_at > now() order by last_seen_at desc`,
    [userId, secretHash(currentSessionId)],
  );
  return rows;
}

// ---- sign-in links ----

/**
 * Stores a one-time link for `email` and returns its token when a mail should go out: the address
 * has an enabled account, or sign-up is open. Otherwise null, after the same work (a token row is
 * written either way, so known and unknown addresses cost the same; an unused row only expires).
 */
export async function createSignInLink(email: string, mode: SignupMode): Promise<string | null> {
  const token = newSecret();
  const { rows } = await pool().query<{ mail: boolean }>(
    `with link as (
         insert into marts.app_sign_in_tokens (token_hash, email, created_at, expires_at)
         values ($1, $2, now(), now() + make_interval(mins => $3::int))
     )
     select $4::boolean or exists (
         select from marts.app_users where lower(email) = $2 and disabled_at is null
     ) as mail`,
    [secretHash(token), email, LINK_MINUTES, mode === 'open'],
  );
  return rows[0]?.mail ? token : null;
}

export type RedeemResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'no_account' | 'disabled' };

/**
 * Uses a link: marks it used in the statement that checks it is unused and unexpired (so two
 * clicks cannot both succeed), then finds (or, with open sign-up, creates) the account.
 */
export async function redeemSignInLink(token: string, mode: SignupMode): Promise<RedeemResult> {
  if (!looksLikeSecret(token)) return { ok: false, reason: 'invalid' };
  const { rows } = await pool().query<{ email: string }>(
    `update marts.app_sign_in_tokens set used_at = now()
     where token_hash = $1 and used_at is null and expires_at > now()
     returning email`,
    [secretHash(token)],
  );
  const email = rows[0]?.email;
  if (!email) return { ok: false, reason: 'invalid' };
  let user = await userByEmail(email);
  if (!user && mode === 'open') user = await createUser(email, 'user');
  if (!user) return { ok: false, reason: 'no_account' };
  if (user.disabled) return { ok: false, reason: 'disabled' };
  return { ok: true, user: user.user };
}

// ---- users ----

async function userByEmail(email: string): Promise<{ user: SessionUser; disabled: boolean } | null> {
  const { rows } = await pool().query<SessionUser & { disabled: boolean }>(
    `select user_id as "userId", email, display_name as "displayName", role, disabled_at is not null as disabled
     from marts.app_users where lower(email) = lower($1)`,
    [email],
  );
  const row = rows[0];
  if (!row) return null;
  const { disabled, ...user } = row;
  return { user, disabled };
}

async function createUser(email: string, role: Role): Promise<{ user: SessionUser; disabled: boolean }> {
  const { rows } = await pool().query<SessionUser>(
    `insert into marts.app_users (email, role, created_at) values ($1, $2, now())
     on conflict (lower(email)) do update set email = excluded.email
     returning user_id as "userId", email, display_name as "displayName", role`,
    [email, role],
  );
  return { user: rows[0] as SessionUser, disabled: false };
}

export type InviteResult = { created: boolean; user: SessionUser };

/** Creates an account (or, with role admin, promotes an existing one). Idempotent. */
export async function inviteUser(email: string, role: Role): Promise<InviteResult> {
  const existing = await userByEmail(email);
  if (existing) {
    if (role === 'admin' && existing.user.role !== 'admin') await setRole(existing.user.userId, 'admin');
    return { created: false, user: { ...existing.user, role: role === 'admin' ? 'admin' : existing.user.role } };
  }
  const created = await createUser(email, role);
  return { created: true, user: created.user };
}

/** The first admin (lowest id, enabled), who the admin token acts as. */
export async function firstAdmin(): Promise<SessionUser | null> {
  const { rows } = await pool().query<SessionUser>(
    `select user_id as "userId", email, display_name as "displayName", role from marts.app_users
     where role = 'admin' and disabled_at is null order by user_id limit 1`,
  );
  return rows[0] ?? null;
}

/** Profiles without an owner go to the first admin: the same rule as the dbt post-hook. */
export async function assignUnownedProfiles(adminId: number): Promise<number> {
  const client = await pool().connect();
  try {
    // As the admin (the policies let admins write every row).
    if (!Number.isSafeInteger(adminId)) throw new Error(`invalid user id ${adminId}`);
    await client.query(`begin; select set_config('app.user_id', '${adminId}', true)`);
    const { rowCount } = await client.query(
      `update marts.profile_preferences set owner_user_id = $1
       where owner_user_id is null and $1::bigint = (select min(user_id) from marts.app_users where role = 'admin')`,
      [adminId],
    );
    await client.query('commit');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function setRole(userId: number, role: Role): Promise<boolean> {
  const { rowCount } = await pool().query('update marts.app_users set role = $2 where user_id = $1', [userId, role]);
  return rowCount === 1;
}

export async function setDisabled(userId: number, disabled: boolean): Promise<boolean> {
  const { rowCount } = await pool().query(
    `update marts.app_users set disabled_at = case when $2 then coalesce(disabled_at, now()) end where user_id = $1`,
    [userId, disabled],
  );
  if (disabled) await endAllSessions(userId);
  return rowCount === 1;
}

export async function setDisplayName(userId: number, displayName: string | null): Promise<void> {
  await pool().query('update marts.app_users set display_name = $2 where user_id = $1', [userId, displayName]);
}

export interface UserListItem {
  user_id: number;
  email: string;
  display_name: string | null;
  role: Role;
  created_at: Date;
  last_login_at: Date | null;
  disabled_at: Date | null;
  profile_count: number;
}

/** Every account with its profile count; the caller's scope (an admin) lets it count them all. */
export async function listUsers(): Promise<UserListItem[]> {
  const { rows } = await pool().query<Omit<UserListItem, 'profile_count'>>(
    `select user_id, email, display_name, role, created_at, last_login_at, disabled_at
     from marts.app_users order by user_id`,
  );
  const counted = await db().query<{ user_id: number; n: number }>(
    'select owner_user_id as user_id, count(*)::int as n from marts.profile_preferences group by owner_user_id',
  );
  const counts = new Map(counted.rows.map((row) => [row.user_id, row.n]));
  return rows.map((row) => ({ ...row, profile_count: counts.get(row.user_id) ?? 0 }));
}

// ---- audit ----

export type AuditAction =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_in_link_sent'
  | 'sign_out'
  | 'sign_out_everywhere'
  | 'invite'
  | 'role_change'
  | 'disable'
  | 'enable'
  | 'profile_create'
  | 'profile_edit'
  | 'profile_toggle'
  | 'bootstrap_admin'
  | 'admin_token_sign_in';

export async function audit(userId: number | null, action: AuditAction, target: string | null): Promise<void> {
  await pool().query(
    'insert into marts.app_audit_log (occurred_at, user_id, action, target) values (now(), $1, $2, $3)',
    [userId, action, target],
  );
}

export interface AuditRow {
  occurred_at: Date;
  user_id: number | null;
  email: string | null;
  action: string;
  target: string | null;
}

export async function recentAudit(limit = 100): Promise<AuditRow[]> {
  const { rows } = await pool().query<AuditRow>(
    `select a.occurred_at, a.user_id, u.email, a.action, a.target
     from marts.app_audit_log as a left join marts.app_users as u using (user_id)
     order by a.occurred_at desc, a.audit_id desc limit $1`,
    [limit],
  );
  return rows;
}
