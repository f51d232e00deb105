// The app's one connection pool. In production DATABASE_URL names the least-privilege `jobs_ui`
// role (select on the marts, select/insert/update on marts.profile_preferences only).
//
// Row-level security (issue 22): a request made by a signed-in user runs its queries in one
// transaction that starts with set_config('app.user_id', <id>, true), so PostgreSQL's policies
// (dbt/macros/row_level_security.sql) show it only that user's profiles, whatever a query forgets.
// `db()` inside such a request is that transaction; outside one (sign-in, sessions, the page
// cache's version read) it is the pool, where jobs_ui sees no owned row.

import { AsyncLocalStorage } from 'node:async_hooks';
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

let sharedPool: pg.Pool | undefined;

/** What the policies are told for one request: a signed-in user, or one signed-token profile. */
export type RowScope = { userId: number } | { tokenProfileId: number };

interface RequestTransaction {
  scope: RowScope;
  client?: pg.PoolClient;
  /** Resolves once `begin` and the set_config ran (null: not begun, or ended by an error). */
  begun: Promise<pg.PoolClient> | null;
}

const requests = new AsyncLocalStorage<RequestTransaction>();

const scopeSql = (scope: RowScope): string => {
  // Numbers only (validated integers), so inlining them keeps begin + set_config one round trip.
  const [setting, id] =
    'userId' in scope ? ['app.user_id', scope.userId] : ['app.token_profile_id', scope.tokenProfileId];
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid row scope ${setting}=${id}`);
  return `begin; select set_config('${setting}', '${id}', true)`;
};

function begin(request: RequestTransaction): Promise<pg.PoolClient> {
  request.begun ??= (async () => {
    request.client ??= await pool().connect();
    await request.client.query(scopeSql(request.scope));
    return request.client;
  })();
  return request.begun;
}

/**
 * Runs `work` (a request) with every `db().query` inside one transaction scoped to `scope`;
 * commits when it resolves, rolls back when it throws. A query that fails ends the transaction
 * (rolled back) and the next query begins a new one with the same scope, so a load may catch
 * "mart not built yet" and go on.
 */
export async function withRowScope<T>(scope: RowScope, work: () => Promise<T>): Promise<T> {
  const request: RequestTransaction = { scope, begun: null };
  let result: T;
  try {
    result = await requests.run(request, work);
  } catch (error) {
    await end(request, 'rollback');
    throw error;
  }
  await end(request, 'commit');
  return result;
}

async function end(request: RequestTransaction, how: 'commit' | 'rollback'): Promise<void> {
  const client = request.client;
  if (!client) return;
  try {
    if (request.begun) await client.query(how);
    client.release();
  } catch (error) {
    client.release(error as Error);
    if (how === 'commit') throw error;
  }
}

type Query = pg.Pool['query'];

const scopedQuery = (async (...args: Parameters<Query>) => {
  const request = requests.getStore() as RequestTransaction;
  const client = await begin(request);
  try {
    return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
  } catch (error) {
    request.begun = null;
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}) as Query;

/** The signed-in user of the current request's scope, or null (anonymous, or a token route). */
export function scopedUserId(): number | null {
  const scope = requests.getStore()?.scope;
  return scope && 'userId' in scope ? scope.userId : null;
}

/** The request's scoped transaction when there is one, else the pool (see the top of this file). */
export function db(): { query: Query } {
  return requests.getStore() ? { query: scopedQuery } : pool();
}

/** The pool itself, for what must not depend on who is signed in (sessions, sign-in, audit). */
export function pool(): pg.Pool {
  if (sharedPool) return sharedPool;
  const connectionString = env.DATABASE_URL;
  if (!connectionString) throw new DatabaseConfigError('DATABASE_URL is not set; the profile app needs the warehouse');
  sharedPool = new pg.Pool({
    connectionString,
    max: Number(env.UI_DB_POOL_SIZE ?? 10) || 10,
    application_name: 'jobs-ui',
    types,
  });
  // An idle client losing its connection must not take the server down.
  sharedPool.on('error', (error) => console.error(`jobs-ui: idle database client error: ${error.message}`));
  // adapter-node closes the HTTP server on SIGTERM/SIGINT, then emits this; the pool must go too
  // or its sockets keep the process alive.
  process.once('sveltekit:shutdown', () => {
    void sharedPool?.end();
    sharedPool = undefined;
  });
  return sharedPool;
}

/** PostgreSQL "undefined_table": a mart the pipeline has not built yet. */
export const isMissingTable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '42P01';
