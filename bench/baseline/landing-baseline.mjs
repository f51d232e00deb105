#!/usr/bin/env node
// Baseline for raw landing: a bare `psql \copy` of the synthetic postings into a jsonb column,
// with PostgreSQL's default TOAST compression (pglz) and with lz4, runs interleaved side by side.
// Writes <BENCH_RESULTS_DIR or bench/results>/parts/landing_baseline.json. Needs the PG* environment
// from scripts/with-db.
//
//   BENCH_RUNS (default 3)  BENCH_POSTINGS (default 50000)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_COUNT, ensurePostings } from './postings.mjs';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(process.env.BENCH_RESULTS_DIR || join(benchDir, 'results'), 'parts', 'landing_baseline.json');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const count = Number(process.env.BENCH_POSTINGS ?? DEFAULT_COUNT);
const MiB = 1024 * 1024;

class BenchError extends Error {
  constructor(message, stderr = '') {
    super(stderr ? `${message}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : message);
    this.name = 'BenchError';
  }
}

function psql(...commands) {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
  for (const command of commands) args.push('-c', command);
  const result = spawnSync('psql', args, { encoding: 'utf8', maxBuffer: 16 * MiB });
  if (result.error) throw new BenchError(`cannot run psql (${result.error.message}); install postgresql-client`);
  if (result.status !== 0) throw new BenchError(`psql failed on ${commands.join('; ').slice(0, 120)}`, result.stderr);
  return result.stdout.trim();
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// The posting JSON never holds a raw \x01 or \x02 (JSON escapes control characters), so CSV format
// with those as quote and delimiter reads each line verbatim as one jsonb value.
function copyCommand(table, file) {
  return `\\copy ${table} (raw_payload) from '${file.replaceAll("'", "''")}' with (format csv, quote e'\\x01', delimiter e'\\x02')`;
}

function timedCopy(table, file) {
  psql(`truncate ${table}`);
  // A checkpoint between runs keeps one run's dirty pages from being flushed during the next.
  spawnSync('psql', ['-X', '-q', '-c', 'checkpoint'], { stdio: 'ignore' });
  const started = process.hrtime.bigint();
  psql(copyCommand(table, file));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const landed = Number(psql(`select count(*) from ${table}`));
  if (landed !== count) throw new BenchError(`${table}: expected ${count} rows after \\copy, found ${landed}`);
  return seconds;
}

function lz4Supported() {
  try {
    psql('create temporary table lz4_probe (value jsonb compression lz4)');
    return true;
  } catch {
    return false;
  }
}

async function main() {
  if (!(runs >= 1)) throw new BenchError(`BENCH_RUNS must be at least 1, got ${process.env.BENCH_RUNS}`);
  const data = await ensurePostings(count);
  const serverVersion = psql('show server_version');
  const defaultCompression = psql('show default_toast_compression');
  const variants = [{ compression: 'pglz', table: 'bench.landing_baseline_pglz', seconds: [] }];
  if (lz4Supported()) variants.push({ compression: 'lz4', table: 'bench.landing_baseline_lz4', seconds: [] });
  else process.stderr.write('landing-baseline: this server has no lz4 support; measuring pglz only\n');

  psql('create schema if not exists bench');
  for (const variant of variants) {
    psql(
      `drop table if exists ${variant.table}`,
      `create table ${variant.table} (raw_payload jsonb compression ${variant.compression} not null)`,
    );
  }
  try {
    for (let run = 1; run <= runs; run += 1) {
      for (const variant of variants) {
        const seconds = timedCopy(variant.table, data.path);
        variant.seconds.push(seconds);
        process.stderr.write(
          `landing-baseline: run ${run}/${runs} ${variant.compression.padEnd(4)} ${seconds.toFixed(2)} s ` +
            `(${Math.round(count / seconds)} rows/s)\n`,
        );
      }
    }
    for (const variant of variants) {
      variant.tableBytes = Number(psql(`select pg_total_relation_size('${variant.table}')`));
    }
  } finally {
    for (const variant of variants) psql(`drop table if exists ${variant.table}`);
  }

  const pglz = variants[0];
  const detailFor = (variant) => {
    const seconds = median(variant.seconds);
    return {
      compression: variant.compression,
      rows: count,
      input_mib: Number((data.bytes / MiB).toFixed(1)),
      avg_bytes_per_posting: Math.round(data.bytes / count),
      median_s: Number(seconds.toFixed(3)),
      runs_s: variant.seconds.map((value) => Number(value.toFixed(3))),
      mib_per_s: Number((data.bytes / MiB / seconds).toFixed(1)),
      table_mib: Number((variant.tableBytes / MiB).toFixed(1)),
      method: 'psql \\copy, NDJSON read as CSV with quote \\x01 and delimiter \\x02, truncate between runs',
      server_version: serverVersion,
      server_default_toast_compression: defaultCompression,
      data_file: data.path.slice(resolve(benchDir, '..').length + 1),
    };
  };
  const rowsPerSecond = (variant) => Math.round(count / median(variant.seconds));
  const skipped = [];
  const results = [
    {
      name: 'landing.psql_copy_rows_per_s',
      value: rowsPerSecond(pglz),
      unit: 'rows/s',
      target: 'baseline',
      runs,
      detail: detailFor(pglz),
    },
  ];
  if (variants[1]) {
    const lz4 = variants[1];
    results.push({
      name: 'landing.psql_copy_lz4_rows_per_s',
      value: rowsPerSecond(lz4),
      unit: 'rows/s',
      target: 'baseline',
      runs,
      detail: { ...detailFor(lz4), speedup_vs_pglz: Number((rowsPerSecond(lz4) / rowsPerSecond(pglz)).toFixed(2)) },
    });
  } else {
    skipped.push({
      name: 'landing.psql_copy_lz4_rows_per_s',
      reason: `PostgreSQL ${serverVersion} has no lz4 support`,
    });
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify({ results, skipped }, null, 2)}\n`);
  process.stderr.write(`landing-baseline: wrote ${outFile}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
}
