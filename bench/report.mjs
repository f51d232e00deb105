#!/usr/bin/env node
// Merge every bench/results/parts/*.json into bench/results/latest.json (CONTRACT.md "Benchmark
// results") and print the table. Each part is {"results": [{name, value, unit, target, runs, detail}]}.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

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
  return { files, results, errors };
}

function postgresVersion() {
  const result = spawnSync('psql', ['-X', '-A', '-t', '-c', 'show server_version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown (psql could not connect)';
}

export function describeMachine() {
  const processors = cpus();
  const detail = {
    cpu_model: processors[0]?.model?.trim() ?? 'unknown',
    cores: processors.length,
    memory_gib: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node_version: process.version,
    postgres_version: postgresVersion(),
    platform: `${process.platform}-${process.arch}`,
  };
  const summary =
    `${detail.cpu_model}, ${detail.cores} cores, ${detail.memory_gib} GiB, ` +
    `Node ${detail.node_version}, PostgreSQL ${detail.postgres_version}`;
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
  const { files, results, errors } = readParts(join(resultsDir, 'parts'));
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
  const machine = describeMachine();
  const report = {
    generated_at: new Date().toISOString(),
    machine: machine.summary,
    machine_detail: machine.detail,
    results: results.map(({ part, ...result }) => ({
      ...result,
      met: typeof result.met === 'boolean' ? result.met : targetMet(result.value, result.target),
      part,
    })),
  };
  const latest = join(resultsDir, 'latest.json');
  writeFileSync(latest, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(results)}\n\n${machine.summary}\n`);
  process.stdout.write(`${results.length} results from ${files.length} parts → ${resolve(latest)}\n`);
  if (errors.length) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
