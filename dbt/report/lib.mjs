// Data-quality report from dbt's own artifacts (no Elementary package is reachable here).
// Pure functions: artifacts in, history and HTML out. The CLI (build-report.mjs) does the I/O.

export const HISTORY_LIMIT = 30;

const TEST_PREFIXES = ['test.', 'unit_test.'];

/** The tests of one dbt invocation, with what a reader needs to judge them. */
export function summarizeRun(runResults, manifest) {
  const nodes = { ...(manifest?.nodes ?? {}), ...(manifest?.unit_tests ?? {}) };
  const tests = (runResults?.results ?? [])
    .filter((result) => TEST_PREFIXES.some((prefix) => result.unique_id.startsWith(prefix)))
    .map((result) => {
      const node = nodes[result.unique_id] ?? {};
      const isUnit = result.unique_id.startsWith('unit_test.');
      const severity = String(node.config?.severity ?? 'error').toLowerCase();
      return {
        id: result.unique_id,
        name: node.name ?? result.unique_id.split('.').at(-1),
        kind: isUnit ? 'unit' : node.test_metadata?.name ? 'generic' : 'singular',
        testType: isUnit ? 'unit' : (node.test_metadata?.name ?? 'singular'),
        model: attachedModel(node, isUnit),
        column: node.column_name ?? null,
        severity: severity === 'warn' ? 'warning' : 'critical',
        status: normalizeStatus(result.status),
        failures: result.failures ?? null,
        message: result.status === 'pass' ? null : (result.message ?? null),
      };
    });
  return {
    invocationId: runResults?.metadata?.invocation_id ?? null,
    generatedAt: runResults?.metadata?.generated_at ?? null,
    command: runResults?.args?.which ?? null,
    elapsedSeconds: runResults?.elapsed_time ?? null,
    totals: countStatuses(tests),
    // Models, seeds and snapshots that failed or were skipped: a test that never ran is no pass.
    nodeProblems: (runResults?.results ?? [])
      .filter((result) => !TEST_PREFIXES.some((prefix) => result.unique_id.startsWith(prefix)))
      .filter((result) => ['error', 'skipped'].includes(result.status))
      .map((result) => ({
        id: result.unique_id,
        status: normalizeStatus(result.status),
        message: result.message ?? null,
      })),
    tests,
  };
}

function attachedModel(node, isUnit) {
  if (isUnit) return node.model ?? null;
  const attached = node.attached_node ?? node.depends_on?.nodes?.[0] ?? null;
  return attached ? attached.split('.').slice(2).join('.') : null;
}

function normalizeStatus(status) {
  if (status === 'success') return 'pass';
  if (['pass', 'warn', 'fail', 'error', 'skipped'].includes(status)) return status === 'skipped' ? 'skip' : status;
  return String(status ?? 'unknown');
}

export function countStatuses(tests) {
  const totals = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  for (const test of tests) totals[test.status] = (totals[test.status] ?? 0) + 1;
  return totals;
}

/**
 * Add a run to the history (newest first), once per invocation, keeping `limit` runs.
 * Runs without tests (e.g. `dbt docs generate`) are not recorded.
 */
export function appendRun(history, run, limit = HISTORY_LIMIT) {
  const runs = history?.runs ?? [];
  if (run.tests.length === 0) return { runs, added: false };
  if (run.invocationId && runs.some((existing) => existing.invocationId === run.invocationId)) {
    return { runs, added: false };
  }
  return { runs: [run, ...runs].slice(0, limit), added: true };
}

/** The runs of one database (runs recorded before runs carried a database are nobody's). */
export function runsOf(runs, database) {
  return database ? runs.filter((run) => run.database === database) : runs;
}

/** One row per test across the recorded runs: latest status first, then the older ones. */
export function testMatrix(runs) {
  const byId = new Map();
  runs.forEach((run, runIndex) => {
    for (const test of run.tests) {
      if (!byId.has(test.id)) byId.set(test.id, { ...test, statuses: new Array(runs.length).fill(null) });
      byId.get(test.id).statuses[runIndex] = test.status;
    }
  });
  const rank = { error: 0, fail: 1, warn: 2, skip: 3, pass: 4 };
  return [...byId.values()].sort(
    (a, b) =>
      (rank[a.statuses[0]] ?? 5) - (rank[b.statuses[0]] ?? 5) ||
      (a.model ?? '').localeCompare(b.model ?? '') ||
      a.name.localeCompare(b.name),
  );
}

/** Freshness rows from sources.json. */
export function freshnessRows(sources) {
  return (sources?.results ?? []).map((result) => ({
    source: result.unique_id.split('.').slice(2).join('.'),
    status: result.status,
    maxLoadedAt: result.max_loaded_at ?? null,
    ageHours: typeof result.max_loaded_at_time_ago_in_s === 'number' ? result.max_loaded_at_time_ago_in_s / 3600 : null,
    warnAfter: describeThreshold(result.criteria?.warn_after),
    errorAfter: describeThreshold(result.criteria?.error_after),
  }));
}

function describeThreshold(threshold) {
  return threshold?.count ? `${threshold.count} ${threshold.period}${threshold.count === 1 ? '' : 's'}` : '';
}

export function escapeHtml(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// Fits a 1280 px screen and a 390 px phone: every table can wrap or scroll inside its own box,
// so the page itself never pans sideways. Colours keep 4.5:1 contrast (WCAG AA).
const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f8fa}
main{max-width:1180px;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{margin:0 0 .2rem;font-size:1.6rem}h2{margin:2rem 0 .5rem;font-size:1.2rem}
p{margin:.3rem 0}
.box{background:#fff;border:1px solid #dde2e6;border-radius:.5rem;overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #eef0f2;vertical-align:top}
th{background:#f6f8fa;font-weight:600;font-size:.85rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.name{overflow-wrap:anywhere;min-width:10rem}
.pill{display:inline-block;min-width:3.2rem;text-align:center;border-radius:.6rem;padding:0 .4rem;font-size:12px;font-weight:600}
.pass{background:#d9f2e0;color:#135c2b}.warn{background:#fff1c7;color:#6b4e00}
.fail,.error{background:#fbd9d7;color:#8a1c14}.skip,.none{background:#eceff1;color:#4a545e}
.muted{color:#4a545e}.small{font-size:.85rem}
.cards{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0}
.card{background:#fff;border:1px solid #dde2e6;border-radius:.5rem;padding:.6rem 1rem;min-width:7rem;flex:1 1 7rem}
.card b{font-size:1.5rem;display:block}
.history{display:flex;flex-wrap:wrap;gap:2px;max-width:16rem}
.dot{width:.7rem;height:.7rem;border-radius:2px;display:inline-block;border:1px solid #8a949e}
.dot.pass{background:#2f9e55;border-color:#2f9e55}.dot.warn{background:#e0a400;border-color:#e0a400}
.dot.fail,.dot.error{background:#c62828;border-color:#c62828}.dot.skip{background:#cfd6dc}
details{margin-top:1rem}summary{cursor:pointer;font-weight:600;padding:.4rem 0}
.db{display:inline-block;background:#1e3a5f;color:#fff;border-radius:.4rem;padding:0 .5rem;font-weight:600}
code{overflow-wrap:anywhere}
@media (max-width:640px){
  main{padding:1rem .6rem 2rem}
  .stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .stack,.stack tbody,.stack tr,.stack td{display:block;width:100%}
  .stack tr{padding:.5rem .6rem;border-bottom:1px solid #dde2e6}
  .stack td{border:none;padding:.1rem 0}
  .stack td[data-label]::before{content:attr(data-label) ": ";color:#4a545e;font-size:.85rem}
  .stack td.num{text-align:left}
}`;

function pill(status) {
  const safe = escapeHtml(status ?? 'none');
  return `<span class="pill ${safe}">${safe}</span>`;
}

function formatNumber(value, digits = 0) {
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '';
}

/** "2026-11-28 11:02 UTC" from an ISO timestamp (dbt writes microseconds and a Z); unparsable text as is. */
export function formatTimestamp(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const STATUS_WORDS = { pass: 'passed', warn: 'warned', fail: 'failed', error: 'errored', skip: 'skipped' };

/** The statuses over the recorded runs (newest first) as small squares, with the same in words. */
function historyCell(statuses) {
  const words = statuses.map((status) => STATUS_WORDS[status] ?? 'not run').join(', ');
  const dots = statuses.map((status) => `<span class="dot ${escapeHtml(status ?? 'none')}"></span>`).join('');
  return `<span class="history" role="img" aria-label="newest first: ${escapeHtml(words)}">${dots}</span>`;
}

function testTable(tests, caption) {
  const rows = tests
    .map(
      (test) => `<tr>
<td data-label="latest">${pill(test.statuses[0])}</td>
<td class="name" data-label="test"><b>${escapeHtml(test.name)}</b>${test.message ? `<div class="muted small">${escapeHtml(test.message)}</div>` : ''}</td>
<td class="name" data-label="model">${escapeHtml(test.model ?? '')}${test.column ? `.<i>${escapeHtml(test.column)}</i>` : ''}</td>
<td data-label="type">${escapeHtml(test.testType)}</td><td data-label="severity">${escapeHtml(test.severity)}</td>
<td data-label="history">${historyCell(test.statuses)}</td>
</tr>`,
    )
    .join('\n');
  return `<p class="muted small">${escapeHtml(caption)}</p><div class="box"><table class="stack">
<thead><tr><th>latest</th><th>test</th><th>model</th><th>type</th><th>severity</th><th>history</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/**
 * The whole report as one self-contained HTML page (no scripts, opens from the file system).
 * Failures and warnings come first; the passing tests are folded.
 */
export function renderReport({ runs, sources, rowCounts, generatedAt, database = null }) {
  const latest = runs[0];
  const matrix = testMatrix(runs);
  const attention = matrix.filter((test) => test.statuses[0] !== 'pass');
  const passing = matrix.filter((test) => test.statuses[0] === 'pass');
  const freshness = freshnessRows(sources);

  const freshnessRowsHtml = freshness
    .map(
      (
        row,
      ) => `<tr><td class="name" data-label="source">${escapeHtml(row.source)}</td><td data-label="status">${pill(row.status)}</td>
<td data-label="newest row">${escapeHtml(row.maxLoadedAt ? formatTimestamp(row.maxLoadedAt) : 'never')}</td><td class="num" data-label="age (h)">${formatNumber(row.ageHours, 1)}</td>
<td data-label="warn after">${escapeHtml(row.warnAfter)}</td><td data-label="error after">${escapeHtml(row.errorAfter)}</td></tr>`,
    )
    .join('\n');

  const countRows = (rowCounts ?? [])
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.schema)}</td><td class="name">${escapeHtml(row.table)}</td><td class="num">${formatNumber(row.rows)}</td></tr>`,
    )
    .join('\n');

  const historyRows = runs
    .map(
      (
        run,
      ) => `<tr><td data-label="run at">${escapeHtml(formatTimestamp(run.generatedAt))}</td><td data-label="command">${escapeHtml(run.command)}</td>
<td class="num" data-label="seconds">${formatNumber(run.elapsedSeconds, 1)}</td>
${['pass', 'warn', 'fail', 'error', 'skip'].map((key) => `<td class="num" data-label="${key}">${run.totals[key] ?? 0}</td>`).join('')}
<td class="name" data-label="not built">${(run.nodeProblems ?? []).map((node) => `${pill(node.status)} ${escapeHtml(node.id)}`).join('<br>')}</td></tr>`,
    )
    .join('\n');

  const cards = latest
    ? ['fail', 'error', 'warn', 'pass']
        .map(
          (key) => `<div class="card"><span class="pill ${key}">${key}</span><b>${latest.totals[key] ?? 0}</b></div>`,
        )
        .join('')
    : '<p>No dbt test run recorded yet: run <code>make dbt ARGS="build"</code>, then <code>make docs</code>.</p>';

  const attentionHtml =
    attention.length > 0
      ? testTable(attention, 'Tests whose latest result is not a pass, failures first.')
      : latest
        ? '<p>Every test passed in the latest run.</p>'
        : '';
  const passingHtml =
    passing.length > 0
      ? `<details><summary>${passing.length} passing test${passing.length === 1 ? '' : 's'}</summary>
${testTable(passing, 'Tests that passed in the latest run.')}</details>`
      : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Data quality report</title><style>${STYLE}</style></head>
<body><main>
<h1>Data quality report</h1>
${database ? `<p>Database <span class="db">${escapeHtml(database)}</span>: every run and count below is from this database.</p>` : ''}
<p class="muted">Built ${escapeHtml(formatTimestamp(generatedAt))} from dbt's run_results.json, manifest.json and sources.json.
Latest run: ${escapeHtml(latest ? formatTimestamp(latest.generatedAt) : 'none')} (${escapeHtml(latest?.command ?? '')}).
<b>critical</b> tests fail the build (severity error); <b>warning</b> tests only warn.</p>
<div class="cards">${cards}</div>
<h2>Needs attention</h2>
${attentionHtml}
${passingHtml}
<h2>Freshness</h2>
<div class="box"><table class="stack"><thead><tr><th>source</th><th>status</th><th>newest row</th><th class="num">age (h)</th><th>warn after</th><th>error after</th></tr></thead>
<tbody>${freshnessRowsHtml || '<tr><td colspan="6">no freshness results (run <code>dbt source freshness</code>)</td></tr>'}</tbody></table></div>
<h2>Row counts</h2>
<div class="box"><table><thead><tr><th>schema</th><th>table</th><th class="num">rows</th></tr></thead><tbody>${countRows}</tbody></table></div>
<h2>Runs (last ${runs.length})</h2>
<div class="box"><table class="stack"><thead><tr><th>run at</th><th>command</th><th class="num">seconds</th><th class="num">pass</th><th class="num">warn</th><th class="num">fail</th><th class="num">error</th><th class="num">skip</th><th>models/seeds not built</th></tr></thead>
<tbody>${historyRows}</tbody></table></div>
</main></body></html>
`;
}
