#!/usr/bin/env node
// Merge every <results>/parts/*.json into <results>/latest.json and print the table, then one line
// per target: met, missed or not measured (with the reason). <results> is BENCH_RESULTS_DIR
// (default bench/results). Each part is {"results": [{name, value, unit, target, runs, detail}],
// "skipped": [{name, reason}]}; `skipped` names results the part could not measure here (e.g. lz4
// on a server built without it). `--check` (make test's smoke run) fails unless every expected
// result is present and numeric, or skipped with a reason.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = resolve(process.env.BENCH_RESULTS_DIR || join(dirname(fileURLToPath(import.meta.url)), 'results'));

// Every result `make bench` writes, by part. A part that stops writing one fails `--check`.
export const EXPECTED_RESULTS = {
  landing_baseline: ['landing.psql_copy_rows_per_s', 'landing.psql_copy_lz4_rows_per_s'],
  loaders: [
    'landing.rows_per_s',
    'landing.ratio_vs_psql_copy',
    'landing.mib_per_s',
    'landing.archive_overhead_ratio',
    'landing.fault_run_lost',
    'landing.fault_run_duplicates',
  ],
  dbt: ['dbt.full_build_s', 'dbt.incremental_ratio', 'dbt.history_scaling_ratio', 'ranking.pairs_per_s'],
  skills: [
    'skills.f1_vs_spacy',
    'skills.speedup_vs_spacy',
    'skills.speedup_vs_spacy_collapsed_whitespace',
    'skills.real.f1_vs_spacy',
    'skills.real.speedup_vs_spacy',
    'skills.real.speedup_vs_spacy_collapsed_whitespace',
    'skills.dense.f1_vs_spacy',
    'skills.dense.speedup_vs_spacy',
  ],
  notifier: ['notify.render_ms_per_digest', 'notify.mails_per_s'],
  ui: ['ui.list_p99_ms', 'ui.detail_p99_ms'],
  export: ['export.parquet_100k_s'],
  relevance: [
    'relevance.new.ndcg_at_10',
    'relevance.new.grade0_in_top5',
    'relevance.old.ndcg_at_10',
    'relevance.old.grade0_in_top5',
    'relevance.ts_rank_cd.ndcg_at_10',
    'relevance.ts_rank_cd.grade0_in_top5',
    'relevance.profiles_beating_ts_rank_cd',
  ],
};

// Targets are short strings such as ">= 0.9", "≤ 200 ms" or "baseline". Returns true/false when
// the target is a comparison, null when there is nothing to compare against.
export function targetMet(value, target) {
  if (typeof target !== 'string' || typeof value !== 'number') return null;
  const match = target.trim().match(/^(>=|≥|<=|≤|>|<|=)\s*(-?\d+(?:\.\d+)?)/);
  if (!match) return null;
  const bound = Number(match[2]);
  switch (match[1]) {
    case '>=':
    case '≥':
      return value >= bound;
    case '<=':
    case '≤':
      return value <= bound;
    case '>':
      return value > bound;
    case '<':
      return value < bound;
    default:
      return value === bound;
  }
}

export function validateResult(result) {
  const problems = [];
  if (typeof result?.name !== 'string' || !result.name) problems.push('name');
  if (typeof result?.value !== 'number' || !Number.isFinite(result.value)) problems.push('value');
  if (typeof result?.unit !== 'string') problems.push('unit');
  if (!Number.isInteger(result?.runs) || result.runs < 1) problems.push('runs');
  return problems;
}

export function readParts(partsDir) {
  const results = [];
  const skipped = [];
  const errors = [];
  const files = existsSync(partsDir)
    ? readdirSync(partsDir)
        .filter((file) => file.endsWith('.json'))
        .sort()
    : [];
  for (const file of files) {
    let part;
    try {
      part = JSON.parse(readFileSync(join(partsDir, file), 'utf8'));
    } catch (error) {
      errors.push(`${file}: not valid JSON (${error.message})`);
      continue;
    }
    if (!Array.isArray(part?.results)) {
      errors.push(`${file}: no "results" array`);
      continue;
    }
    for (const entry of part.skipped ?? []) {
      if (typeof entry?.name === 'string' && typeof entry?.reason === 'string') skipped.push({ ...entry, part: file });
      else errors.push(`${file}: a "skipped" entry needs a name and a reason`);
    }
    for (const result of part.results) {
      const problems = validateResult(result);
      if (problems.length) {
        errors.push(`${file}: result ${JSON.stringify(result?.name)} has a bad ${problems.join(', ')}`);
        continue;
      }
      const duplicate = results.findIndex((seen) => seen.name === result.name);
      if (duplicate >= 0) {
        errors.push(`${file}: ${result.name} also reported by ${results[duplicate].part}; keeping the later one`);
        results.splice(duplicate, 1);
      }
      results.push({ ...result, part: file, measured_at: statSync(join(partsDir, file)).mtime.toISOString() });
    }
  }
  return { files, results, skipped, errors };
}

// One verdict per expected result and per result with a comparison target.
export function verdicts(results, skipped, expected = Object.values(EXPECTED_RESULTS).flat()) {
  const byName = new Map(results.map((result) => [result.name, result]));
  const lines = [];
  for (const name of expected) {
    if (byName.has(name)) continue;
    const skip = skipped.find((entry) => entry.name === name);
    lines.push({
      name,
      verdict: 'not measured',
      reason: skip ? skip.reason : 'no benchmark reported it (did its part fail or not run?)',
      skipped: Boolean(skip),
    });
  }
  // Skipped variants that have no result name of their own (e.g. the lz4 landing run).
  for (const entry of skipped) {
    if (expected.includes(entry.name) || byName.has(entry.name)) continue;
    lines.push({ name: entry.name, verdict: 'not measured', reason: entry.reason, skipped: true });
  }
  for (const result of results) {
    const met = typeof result.met === 'boolean' ? result.met : targetMet(result.value, result.target);
    if (met === null) continue;
    lines.push({
      name: result.name,
      verdict: met ? 'met' : 'missed',
      reason: `${formatValue(result.value)} ${result.unit}, target ${result.target}`,
    });
  }
  return lines;
}

// What `--check` refuses: an expected result that is missing without a stated reason.
export function checkProblems(lines) {
  return lines
    .filter((line) => line.verdict === 'not measured' && !line.skipped)
    .map((line) => `${line.name}: ${line.reason}`);
}

export function renderVerdicts(lines, smoke) {
  const order = { missed: 0, 'not measured': 1, met: 2 };
  const width = Math.max(...lines.map((line) => line.name.length), 0);
  const sorted = [...lines].sort((a, b) => order[a.verdict] - order[b.verdict] || a.name.localeCompare(b.name));
  const head = smoke ? 'targets (smoke run at toy sizes: speed verdicts mean nothing here)' : 'targets';
  return [
    head,
    ...sorted.map((line) => `  ${line.verdict.padEnd(12)}  ${line.name.padEnd(width)}  ${line.reason}`),
  ].join('\n');
}

function psqlValue(sql) {
  const result = spawnSync('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

// The server the figures came from: where, which version, and whether it was built with lz4.
export function describeServer() {
  const version = psqlValue('show server_version');
  if (version === null) return { reachable: false, version: 'unknown (psql could not connect)', has_lz4: null };
  const dataDirectory = psqlValue('show data_directory');
  return {
    reachable: true,
    host: process.env.PGHOST ?? null,
    port: process.env.PGPORT ?? null,
    // scripts/db.mjs keeps the embedded server's data under the repository's .local/.
    embedded: dataDirectory === null ? null : dataDirectory.startsWith(join(repoRoot, '.local')),
    version,
    has_lz4: psqlValue('create temporary table lz4_probe (value jsonb compression lz4)') !== null,
  };
}

export function describeMachine(server = describeServer()) {
  const processors = cpus();
  const detail = {
    cpu_model: processors[0]?.model?.trim() ?? 'unknown',
    cores: processors.length,
    memory_gib: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node_version: process.version,
    postgres_version: server.version,
    platform: `${process.platform}-${process.arch}`,
  };
  const summary =
    `${detail.cpu_model}, ${detail.cores} cores, ${detail.memory_gib} GiB, ` +
    `Node ${detail.node_version}, PostgreSQL ${detail.postgres_version}` +
    (server.has_lz4 === false ? ' (no lz4)' : '');
  return { summary, detail };
}

function formatValue(value) {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

export function renderTable(results) {
  const header = ['benchmark', 'value', 'unit', 'target', 'met?', 'runs'];
  const rows = results.map((result) => {
    const met = typeof result.met === 'boolean' ? result.met : targetMet(result.value, result.target);
    return [
      result.name,
      formatValue(result.value),
      result.unit,
      String(result.target ?? ''),
      met === null ? '–' : met ? 'yes' : 'NO',
      String(result.runs),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)]
    .map((text) => text.trimEnd())
    .join('\n');
}

function main() {
  const check = process.argv.includes('--check');
  const smoke = process.env.BENCH_SMOKE === '1';
  const { files, results, skipped, errors } = readParts(join(resultsDir, 'parts'));
  for (const error of errors) process.stderr.write(`bench report: ${error}\n`);
  if (results.length === 0) {
    process.stderr.write(`BenchReportError: no results under ${join(resultsDir, 'parts')} (run make bench)\n`);
    process.exit(1);
  }
  // Parts are never deleted, so a benchmark that did not run this time still shows its old figures.
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const result of results) {
    if (Date.parse(result.measured_at) < dayAgo) {
      process.stderr.write(`bench report: ${result.name} is from ${result.measured_at} (${result.part}); rerun it\n`);
    }
  }
  const server = describeServer();
  const machine = describeMachine(server);
  const lines = verdicts(results, skipped);
  const report = {
    generated_at: new Date().toISOString(),
    smoke,
    machine: machine.summary,
    machine_detail: machine.detail,
    server,
    results: results.map(({ part, ...result }) => ({
      ...result,
      met: typeof result.met === 'boolean' ? result.met : targetMet(result.value, result.target),
      part,
    })),
    skipped,
    verdicts: lines,
  };
  const latest = join(resultsDir, 'latest.json');
  writeFileSync(latest, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(results)}\n\n${renderVerdicts(lines, smoke)}\n\n${machine.summary}\n`);
  process.stdout.write(`${results.length} results from ${files.length} parts → ${resolve(latest)}\n`);
  const problems = check ? checkProblems(lines) : [];
  for (const problem of problems) process.stderr.write(`BenchCheckError: ${problem}\n`);
  if (errors.length || problems.length) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
