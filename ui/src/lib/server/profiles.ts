// Profile reads and writes (marts.profile_preferences). Values are always bound parameters;
// the only SQL chosen at run time is picked from fixed fragments below.
import type { ListParams, SortKey } from '$lib/list-params.ts';
import type { ProfileInput, StoredProfile } from '$lib/profile-schema.ts';
import { db, scopedUserId } from './db.ts';

export interface ProfileRow extends StoredProfile {
  profile_id: number;
  /** The chat webhook's scheme and host only ("https://ntfy.sh/…"), or null: the URL is a secret. */
  chat_webhook_masked: string | null;
  created_at: Date;
  updated_at: Date;
  last_run_at: Date | null;
  last_run_status: string | null;
  last_run_job_count: number | null;
  total_run_count: number;
}

export type ProfileListItem = Pick<
  ProfileRow,
  | 'profile_id'
  | 'profile_name'
  | 'is_active'
  | 'query'
  | 'location'
  | 'country'
  | 'last_run_status'
  | 'last_run_job_count'
  | 'total_run_count'
> & {
  /** Epoch milliseconds. */
  last_run_at: number | null;
};

const SORT_COLUMNS: Record<SortKey, string> = {
  name: 'lower(profile_name)',
  id: 'profile_id',
  created: 'created_at',
  last_run: 'last_run_at',
  jobs: 'last_run_job_count',
  runs: 'total_run_count',
};

export interface ProfileCounts {
  all: number;
  active: number;
  inactive: number;
}

// $1 active state (null: all), $2 search pattern (null: none), $3 page size, $4 offset,
// $5 owner: the signed-in user's id for "mine" (their own, and the profiles no account owns yet,
// which only an admin can see), null for "all" (every profile the database shows this user).
// Row-level security already limits a user to their own; $5 is the admin's default view.
const OWNED = '($5::bigint is null or owner_user_id = $5::bigint or owner_user_id is null)';
const FILTER = `($1::boolean is null or is_active = $1::boolean)
    and ($2::text is null or profile_name ilike $2::text or query ilike $2::text)
    and ${OWNED}`;

// One statement per sort order, prepared once per connection: the page, the filtered total and
// the tab counts in one round trip. Only what the list shows is selected (every column is paid
// for on every request), and PostgreSQL hands the page over as one JSON value.
function listStatement(sort: SortKey, direction: 'asc' | 'desc'): { name: string; text: string } {
  const order = `${SORT_COLUMNS[sort]} ${direction} nulls last, profile_id`;
  return {
    name: `ui-profile-list-${sort}-${direction}`,
    text: `select
        (select coalesce(json_agg(json_build_object(
                    'profile_id', profile_id, 'profile_name', profile_name, 'is_active', is_active,
                    'query', query, 'location', location, 'country', country,
                    'last_run_at', date_part('epoch', last_run_at) * 1000,
                    'last_run_status', last_run_status, 'last_run_job_count', last_run_job_count,
                    'total_run_count', total_run_count
                ) order by ${order}), '[]')
         from (
             select profile_id, profile_name, is_active, query, location, country, last_run_at, last_run_status,
                    last_run_job_count, total_run_count, created_at
             from marts.profile_preferences
             where ${FILTER}
             order by ${order}
             limit $3 offset $4
         ) as page) as profiles,
        count(*) filter (where ${FILTER}) as matching,
        count(*) filter (where ${OWNED}) as "all",
        count(*) filter (where is_active and ${OWNED}) as active,
        count(*) filter (where not is_active and ${OWNED}) as inactive
    from marts.profile_preferences`,
  };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (character) => `\\${character}`);

export async function listProfiles(
  query: ListParams,
): Promise<{ profiles: ProfileListItem[]; matching: number; counts: ProfileCounts }> {
  const { rows } = await db().query<ProfileCounts & { profiles: ProfileListItem[]; matching: number }>({
    ...listStatement(query.sort, query.direction === 'asc' ? 'asc' : 'desc'),
    values: [
      query.active === 'all' ? null : query.active === 'active',
      query.search === '' ? null : `%${escapeLike(query.search)}%`,
      query.pageSize,
      (query.page - 1) * query.pageSize,
      query.owner === 'mine' ? scopedUserId() : null,
    ],
  });
  const row = rows[0];
  if (!row) throw new Error('the profile list statement returned no row');
  return {
    profiles: row.profiles,
    matching: row.matching,
    counts: { all: row.all, active: row.active, inactive: row.inactive },
  };
}

/**
 * The chat webhook as the app shows it: scheme and host, no user info, path or query (those hold
 * the secret). The full URL never leaves the database on a read.
 */
export const WEBHOOK_MASK = `case when chat_webhook_url is null then null
            else regexp_replace(chat_webhook_url, '^(https?://)(?:[^/?#@]*@)?([^/?#:]+).*$', '\\1\\2/…', 'i') end
            as chat_webhook_masked`;

export async function getProfile(profileId: number): Promise<ProfileRow | null> {
  const { rows } = await db().query<ProfileRow>(
    `select profile_id, profile_name, is_active, query, location, country, language, date_window,
            coalesce(employment_types, '{}') as employment_types, remote_preference, min_salary, max_salary,
            salary_currency, coalesce(min_mail_score, 40)::float8 as min_mail_score, email, coalesce(preferred_skills, '{}') as preferred_skills,
            coalesce(preferred_seniority, '{}') as preferred_seniority,
            coalesce(notify_when_empty, true) as notify_when_empty,
            coalesce(excluded_employers, '{}') as excluded_employers, coalesce(excluded_keywords, '{}') as excluded_keywords,
            coalesce(block_keywords_in, 'title') as block_keywords_in, ${WEBHOOK_MASK}, created_at, updated_at,
            last_run_at, last_run_status, last_run_job_count, total_run_count
     from marts.profile_preferences where profile_id = $1`,
    [profileId],
  );
  return rows[0] ?? null;
}

const WRITABLE = [
  'profile_name',
  'is_active',
  'query',
  'location',
  'country',
  'language',
  'date_window',
  'employment_types',
  'remote_preference',
  'min_salary',
  'max_salary',
  'salary_currency',
  'min_mail_score',
  'email',
  'preferred_skills',
  'preferred_seniority',
  'notify_when_empty',
  'excluded_employers',
  'excluded_keywords',
  'block_keywords_in',
] as const satisfies readonly (keyof ProfileInput)[];

const valuesOf = (profile: ProfileInput): unknown[] => WRITABLE.map((column) => profile[column]);
const WEBHOOK_PARAMETER = WRITABLE.length + 1;

/** Inserts a profile; the table's defaults set timestamps and run counters. Returns the new id. */
export async function createProfile(profile: ProfileInput): Promise<number> {
  const placeholders = WRITABLE.map((_, index) => `$${index + 1}`).join(', ');
  const { rows } = await db().query<{ profile_id: number }>(
    `insert into marts.profile_preferences (${WRITABLE.join(', ')}, chat_webhook_url, owner_user_id, created_at, updated_at, total_run_count)
     values (${placeholders}, $${WEBHOOK_PARAMETER}, $${WEBHOOK_PARAMETER + 1}, now(), now(), 0)
     returning profile_id`,
    [...valuesOf(profile), profile.chat_webhook_remove ? null : profile.chat_webhook_url, scopedUserId()],
  );
  const created = rows[0];
  if (!created) throw new Error('insert into marts.profile_preferences returned no profile_id');
  await auditProfile('profile_create', created.profile_id);
  return created.profile_id;
}

/**
 * Updates every editable field and `updated_at`; false when the profile does not exist. The chat
 * webhook changes only when a new one was typed or its removal asked for.
 */
export async function updateProfile(profileId: number, profile: ProfileInput): Promise<boolean> {
  const assignments = WRITABLE.map((column, index) => `${column} = $${index + 2}`).join(', ');
  const webhook = WEBHOOK_PARAMETER + 1;
  const { rowCount } = await db().query(
    `update marts.profile_preferences
     set ${assignments},
         chat_webhook_url = case when $${webhook + 1}::boolean then null else coalesce($${webhook}::text, chat_webhook_url) end,
         updated_at = now()
     where profile_id = $1`,
    [profileId, ...valuesOf(profile), profile.chat_webhook_url, profile.chat_webhook_remove],
  );
  if (rowCount === 1) await auditProfile('profile_edit', profileId);
  return rowCount === 1;
}

export async function setProfileActive(profileId: number, isActive: boolean): Promise<boolean> {
  const { rowCount } = await db().query(
    'update marts.profile_preferences set is_active = $2, updated_at = now() where profile_id = $1',
    [profileId, isActive],
  );
  if (rowCount === 1) await auditProfile('profile_toggle', profileId, isActive ? 'on' : 'off');
  return rowCount === 1;
}

/**
 * Why `name` may not be used for `email` (another of that address's profiles already has it, case
 * and surrounding spaces ignored), or null. Two digests with the same name in one inbox cannot be
 * told apart.
 */
export async function duplicateProfileName(
  name: string,
  email: string,
  exceptProfileId?: number,
): Promise<string | null> {
  const { rows } = await db().query<{ profile_id: number }>(
    `select profile_id from marts.profile_preferences
     where lower(btrim(profile_name)) = lower(btrim($1)) and lower(btrim(email)) = lower(btrim($2))
       and profile_id is distinct from $3::int
     order by profile_id
     limit 1`,
    [name, email, exceptProfileId ?? null],
  );
  const existing = rows[0];
  return existing
    ? `Profile #${existing.profile_id} for ${email} is already called “${name}”; choose another name`
    : null;
}

/**
 * Audit row in the request's own transaction (so it commits with the edit), by the user the
 * policies were told about. An update the policies hide from this user changes no row and is
 * not recorded here (the caller answers 404).
 */
async function auditProfile(action: string, profileId: number, detail?: string): Promise<void> {
  await db().query(
    `insert into marts.app_audit_log (occurred_at, user_id, action, target)
     values (now(), marts.app_user_id(), $1, $2)`,
    [action, `profile:${profileId}${detail ? ` ${detail}` : ''}`],
  );
}
