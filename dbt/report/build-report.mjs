#!/usr/bin/env node
// Data-quality report CLI.
//   build-report.mjs ingest --target DIR --history FILE [--database NAME]
//       record the tests of the last dbt build/test (target/run_results.json) in the history
//   build-report.mjs render --target DIR --history FILE --row-counts FILE --out FILE [--database NAME]
//       write the HTML page (history + target/sources.json + row counts)
// --database names the warehouse the run belongs to: every recorded run carries it, and the page
// shows only the runs of its own database (out/ is shared by every DATABASE_URL).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { appendRun, renderReport, runsOf, summarizeRun } from './lib.mjs';

class ReportError extends Error {
  name = 'ReportError';
}

function readJson(path, fallback) {
  if (!existsSync(path)) return fallback;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReportError(`cannot read ${path}: ${error.message}`);
  }
}

function writeFile(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'dbt/target' },
      history: { type: 'string', default: 'out/dq-report/history.json' },
      'row-counts': { type: 'string' },
      out: { type: 'string', default: 'out/dq-report/index.html' },
      database: { type: 'string' },
    },
  });
  const command = positionals[0];
  const history = readJson(values.history, { runs: [] });

  if (command === 'ingest') {
    const runResults = readJson(`${values.target}/run_results.json`, null);
    if (!runResults) return 'no run_results.json yet: nothing to record';
    const run = {
      ...summarizeRun(runResults, readJson(`${values.target}/manifest.json`, {})),
      database: values.database ?? null,
    };
    const { runs, added } = appendRun(history, run);
    if (added) writeFile(values.history, `${JSON.stringify({ runs }, null, 1)}\n`);
    return added
      ? `recorded ${run.tests.length} test results of ${run.command} ${run.generatedAt}${values.database ? ` (${values.database})` : ''}`
      : `nothing new to record (${run.command ?? 'no'} run, ${run.tests.length} tests)`;
  }
  if (command === 'render') {
    const html = renderReport({
      runs: runsOf(history.runs ?? [], values.database ?? null),
      database: values.database ?? null,
      sources: readJson(`${values.target}/sources.json`, null),
      rowCounts: values['row-counts'] ? readJson(values['row-counts'], []) : [],
      generatedAt: new Date().toISOString(),
    });
    writeFile(values.out, html);
    return `wrote ${values.out}`;
  }
  throw new ReportError(`unknown command "${command ?? ''}" (expected ingest or render)`);
}

try {
  console.log(main(process.argv.slice(2)));
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
