// jobctl export against a real warehouse clone: the files are read back with pyarrow (the Airflow
// venv) and compared with the database: row counts, every value (checksum) and the column types.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type TestDatabase } from '../../../tests/support/pg.ts';
import { main } from '../../src/cli.ts';
import { EXPORT_RELATIONS } from '../../src/export/schema.ts';
import { warehouse } from '../helpers/setup.ts';
import { plantMarts } from './plant.ts';

const python = join(repoRoot, '.venv', 'airflow', 'bin', 'python');

interface TableReport {
  db_rows: number;
  file_rows: number;
  db_columns: string[];
  file_columns: string[];
  db_checksum: string;
  file_checksum: string;
  types: Record<string, string>;
}

async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await run();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('jobctl export', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    const built = await warehouse('export');
    db = built.db;
    await plantMarts(built.pool, 300);
    await built.pool.end();
    dir = await mkdtemp(join(tmpdir(), 'jobs-export-'));
  }, 600_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes every table as Parquet that pyarrow reads back with the same rows, values and types', async () => {
    const { code, stdout, stderr } = await capture(() =>
      main(['export', '--to', `file://${dir}`, '--date', '2026-12-06'], { DATABASE_URL: db.url }),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(summary.dt).toBe('2026-12-06');
    expect(summary.tables.map((table: { schema: string; table: string }) => `${table.schema}.${table.table}`)).toEqual(
      EXPORT_RELATIONS.map((relation) => `${relation.schema}.${relation.table}`),
    );
    for (const table of summary.tables) {
      expect(table.path).toBe(join(dir, table.table, 'dt=2026-12-06', 'part-00000.parquet'));
    }

    const specs = EXPORT_RELATIONS.map((relation) => `${relation.table}=${relation.schema}`);
    const report: Record<string, TableReport> = JSON.parse(
      execFileSync(python, [join(import.meta.dirname, 'compare_parquet.py'), db.url, dir, '2026-12-06', ...specs], {
        encoding: 'utf8',
      }),
    );
    for (const relation of EXPORT_RELATIONS) {
      const table = report[relation.table];
      expect(table, relation.table).toBeDefined();
      expect(table?.file_rows, relation.table).toBe(table?.db_rows);
      expect(table?.file_columns, relation.table).toEqual(table?.db_columns);
      expect(table?.file_checksum, relation.table).toBe(table?.db_checksum);
    }
    // The planted marts fill every analytics model, so the comparisons above are not over empty files.
    for (const relation of EXPORT_RELATIONS) expect(report[relation.table]?.db_rows, relation.table).toBeGreaterThan(0);
    expect(report.fact_jobs?.db_rows).toBe(300);

    const fact = report.fact_jobs?.types ?? {};
    expect(fact.posted_at).toBe('timestamp[us, tz=UTC]');
    expect(fact.posted_date).toBe('date32[day]');
    expect(fact.extracted_skills).toBe('list<element: string>');
    // Unbounded numeric takes the largest scale in the data: whole numbers here, up to 3 places there.
    expect(fact.salary_min_annual).toBe('decimal128(38, 0)');
    expect(fact.salary_max_annual).toBe('decimal128(38, 3)');
    expect(fact.is_remote).toBe('bool');
    expect(fact.job_age_days).toBe('int32');
    const ranking = report.dim_ranking?.types ?? {};
    expect(ranking.rank_score).toBe('decimal128(5, 2)');
    expect(ranking.profile_id).toBe('int64');
    expect(ranking.ranked_at).toBe('timestamp[us, tz=UTC]');
  }, 120_000);

  it('writes CSV with a header and one line per row', async () => {
    const { code } = await capture(() =>
      main(['export', '--format', 'csv', '--to', dir, '--date', '2026-12-07', '--table', 'dim_companies'], {
        DATABASE_URL: db.url,
      }),
    );
    expect(code).toBe(0);
    const text = await readFile(join(dir, 'dim_companies', 'dt=2026-12-07', 'part-00000.csv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]?.startsWith('company_key,company_id,company_name,')).toBe(true);
    // 50 planted companies plus the unknown member; the quoted name survives RFC 4180 quoting.
    expect(lines).toHaveLength(52);
    expect(text).toContain('"Acme, ""Quoted"" Ltd"');
  });

  it('fails with a clear error when the warehouse is missing a table', async () => {
    const empty = `${db.url.replace(/\/[^/]+$/, '/postgres')}`;
    const { code, stderr } = await capture(() =>
      main(['export', '--to', dir, '--table', 'fact_jobs'], { DATABASE_URL: empty }),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ExportError: marts\.fact_jobs does not exist/);
  });
});
