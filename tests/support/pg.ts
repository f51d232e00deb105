// Test databases on the real PostgreSQL named by DATABASE_URL (make test sets it: the machine's
// server or the embedded one). Each suite gets its own database, so suites never see each other.
//
// createTestDatabase('loaders')                     empty database with the schemas
// createTestDatabase('notifier', { warehouse: true }) a clone of every dbt table, seeds included,
//                                                   built once per dbt-project version and reused
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemasSql = join(repoRoot, 'docker', 'init', '01_create_schemas.sql');

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the tests through `make test` (scripts/with-db)');
  const url = new URL(base);
  url.pathname = '/postgres';
  return url.toString();
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  // PostgreSQL refuses to drop a database still marked as a template.
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1 and datistemplate', [name]);
  if (rowCount) await client.query(`alter database ${quoteIdent(name)} is_template false`);
  await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
}

// Hash of everything that shapes the warehouse, so a changed model rebuilds the template.
function dbtProjectHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (['target', 'dbt_packages', 'logs'].includes(entry)) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(repoRoot, path)).update(readFileSync(path));
    }
  };
  walk(join(repoRoot, 'dbt'));
  hash.update(readFileSync(schemasSql));
  return hash.digest('hex').slice(0, 12);
}

/** Runs dbt against one database, with target/ and logs of its own. */
export function runDbt(database: string, args: string[]): void {
  const url = new URL(urlFor(database));
  const dbt = process.env.DBT_EXECUTABLE ?? join(repoRoot, '.venv', 'dbt', 'bin', 'dbt');
  execFileSync(dbt, [...args, '--project-dir', join(repoRoot, 'dbt'), '--profiles-dir', join(repoRoot, 'dbt')], {
    env: {
      ...process.env,
      DBT_HOST: url.hostname,
      DBT_PORT: url.port || '5432',
      DBT_USER: decodeURIComponent(url.username),
      DBT_PASSWORD: decodeURIComponent(url.password),
      DBT_DATABASE: database,
      // Keep test runs from writing over the developer's target/ and logs.
      DBT_TARGET_PATH: join(repoRoot, 'dbt', 'target', `test-${database}`),
      DBT_LOG_PATH: join(repoRoot, 'dbt', 'target', `test-${database}`, 'logs'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function applySchemas(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(readFileSync(schemasSql, 'utf8'));
  } finally {
    await client.end();
  }
}

// Several checkouts may share one server: each keeps its templates under its own prefix, so
// building one never drops another checkout's template while that one is being cloned.
const templatePrefix = `jobs_wtmpl_${createHash('sha256').update(repoRoot).digest('hex').slice(0, 6)}_`;

// Build (once, under an advisory lock so parallel suites wait) a template with every dbt table.
async function ensureWarehouseTemplate(): Promise<string> {
  const template = `${templatePrefix}${dbtProjectHash()}`;
  return withAdmin(async (client) => {
    await client.query('select pg_advisory_lock(hashtext($1))', [templatePrefix]);
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [template]);
      if (rowCount) return template;
      // This checkout's older templates belong to older versions of the models.
      const stale = await client.query('select datname from pg_database where starts_with(datname, $1)', [
        templatePrefix,
      ]);
      for (const row of stale.rows) await dropDatabase(client, row.datname);
      const building = `${template}_building`;
      await dropDatabase(client, building);
      await client.query(`create database ${quoteIdent(building)}`);
      await applySchemas(urlFor(building));
      try {
        runDbt(building, ['seed', '--quiet']);
        runDbt(building, ['run', '--quiet']);
      } catch (error) {
        const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
        throw new Error(`dbt could not build the test warehouse template:\n${output.slice(-4000)}`);
      }
      await client.query(`alter database ${quoteIdent(building)} rename to ${quoteIdent(template)}`);
      await client.query(`alter database ${quoteIdent(template)} is_template true`);
      return template;
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [templatePrefix]);
    }
  });
}

export async function createTestDatabase(prefix: string, options: { warehouse?: boolean } = {}): Promise<TestDatabase> {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  const name = `jobs_test_${safePrefix}_${process.pid}_${Date.now().toString(36)}`;
  const template = options.warehouse ? await ensureWarehouseTemplate() : undefined;
  await withAdmin(async (client) => {
    await client.query(`create database ${quoteIdent(name)}${template ? ` template ${quoteIdent(template)}` : ''}`);
  });
  const url = urlFor(name);
  if (!template) await applySchemas(url);
  return {
    url,
    name,
    drop: () => withAdmin((client) => dropDatabase(client, name)),
  };
}
