// Export benchmark (issue 19): `jobctl export` of BENCH_EXPORT_JOBS (default 100,000) planted
// fact_jobs rows to Parquet, median of BENCH_RUNS (default 3) timed runs of that one table.
// Writes $BENCH_RESULTS_DIR/parts/export.json with export.parquet_100k_s (target ≤ 10 s).
// Needs DATABASE_URL (scripts/with-db). Uses its own warehouse clone, dropped after.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runExport } from '../../loaders/src/export/run.ts';
import { plantMarts } from '../../loaders/test/export/plant.ts';
import { createTestDatabase } from '../../tests/support/pg.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outFile = join(process.env.BENCH_RESULTS_DIR || join(root, 'bench', 'results'), 'parts', 'export.json');
const jobs = Number(process.env.BENCH_EXPORT_JOBS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const log = (message: string) => process.stderr.write(`bench-export: ${message}\n`);

const db = await createTestDatabase('bench_export', { warehouse: true });
const dir = join(tmpdir(), `jobs-bench-export-${process.pid}`);
try {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await plantMarts(client, jobs);
  await client.query('analyze');
  await client.end();
  log(`planted ${jobs} fact_jobs rows`);
  const seconds: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const summary = await runExport({
      databaseUrl: db.url,
      root: dir,
      format: 'parquet',
      date: new Date(),
      tables: ['fact_jobs'],
    });
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    const table = summary.tables[0];
    if (table?.rows !== jobs) throw new Error(`exported ${table?.rows} rows, planted ${jobs}`);
    bytes = table.bytes;
    log(`run ${run + 1}: ${seconds.at(-1)?.toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        results: [
          {
            name: 'export.parquet_100k_s',
            value: Number(median.toFixed(2)),
            unit: 's',
            target: '≤ 10',
            runs,
            detail: { rows: jobs, file_bytes: bytes, seconds: seconds.map((value) => Number(value.toFixed(2))) },
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
  log(`median ${median.toFixed(2)} s for ${jobs} rows → ${outFile}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
}
