// The app's one connection pool. In production DATABASE_URL names the least-privilege `jobs_ui`
// role (select on the marts, select/insert/update on marts.profile_preferences only).

import pg from 'pg';
import { env } from '$env/dynamic/private';

export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError';
}

// bigint (ids, counts) and numeric (salaries, scores) as JS numbers: all ours fit in 2^53.
const NUMBER_TYPES = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    NUMBER_TYPES.has(oid)
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

let pool: pg.Pool | undefined;

export function db(): pg.Pool {
  if (pool) return pool;
  const connectionString = env.DATABASE_URL;
  if (!connectionString) throw new DatabaseConfigError('DATABASE_URL is not set; the profile app needs the warehouse');
  pool = new pg.Pool({
    connectionString,
    max: Number(env.UI_DB_POOL_SIZE ?? 10) || 10,
    application_name: 'jobs-ui',
    types,
  });
  // An idle client losing its connection must not take the server down.
  pool.on('error', (error) => console.error(`jobs-ui: idle database client error: ${error.message}`));
  // adapter-node closes the HTTP server on SIGTERM/SIGINT, then emits this; the pool must go too
  // or its sockets keep the process alive.
  process.once('sveltekit:shutdown', () => {
    void pool?.end();
    pool = undefined;
  });
  return pool;
}

/** PostgreSQL "undefined_table": a mart the pipeline has not built yet. */
export const isMissingTable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '42P01';
