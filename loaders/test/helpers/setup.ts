// Shared helpers for the integration suites: a fresh warehouse database, profiles, a config that
// points at a fake API on loopback with fast retries.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';
import { type LoaderConfig, loadConfig } from '../../src/config.ts';
import type { SearchProfile } from '../../src/sources/jsearch/request.ts';

export async function warehouse(prefix: string): Promise<{ db: TestDatabase; pool: pg.Pool }> {
  const db = await createTestDatabase(prefix, { warehouse: true });
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  return { db, pool };
}

export function fastEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    JSEARCH_BASE_URL: url,
    GLASSDOOR_BASE_URL: url,
    JSEARCH_API_KEY: 'test-key-do-not-leak-7f3a9c',
    GLASSDOOR_API_KEY: 'test-key-do-not-leak-7f3a9c',
    LOADER_HTTP_BASE_DELAY_MS: '5',
    LOADER_HTTP_MAX_DELAY_MS: '50',
    LOADER_HTTP_TIMEOUT_MS: '2000',
    LOADER_REQUESTS_PER_SECOND: '1000',
    ...extra,
  };
}

export function fastConfig(url: string, extra: Record<string, string> = {}): LoaderConfig {
  return loadConfig(fastEnv(url, extra));
}

export type NewProfile = Omit<SearchProfile, 'profile_id'> & { is_active?: boolean; profile_name?: string };

export async function insertProfile(pool: pg.Pool, profile: NewProfile): Promise<number> {
  const { rows } = await pool.query(
    `insert into marts.profile_preferences
       (profile_name, is_active, query, location, country, language, date_window, employment_types, remote_preference, email)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'someone@example.com')
     returning profile_id::int as profile_id`,
    [
      profile.profile_name ?? profile.query,
      profile.is_active ?? true,
      profile.query,
      profile.location ?? null,
      profile.country ?? 'us',
      profile.language ?? null,
      profile.date_window ?? 'week',
      profile.employment_types ?? [],
      profile.remote_preference ?? 'any',
    ],
  );
  return rows[0].profile_id;
}

export async function countRows(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query(sql, params);
  return Number(rows[0].count);
}
