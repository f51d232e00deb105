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

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d232a;max-width:1200px}
h1{margin:0 0 .2rem}h2{margin-top:2rem;border-bottom:1px solid #dde2e6;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eef0f2;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;min-width:3.2rem;text-align:center;border-radius:.6rem;padding:0 .4rem;font-size:12px}
.pass{background:#d9f2e0;color:#135c2b}.warn{background:#fff1c7;color:#6b4e00}
.fail,.error{background:#fbd9d7;color:#8a1c14}.skip,.none{background:#eceff1;color:#55606a}
.muted{color:#66707a}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #dde2e6;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}
.card b{font-size:1.5rem;display:block}`;

function pill(status) {
  const safe = escapeHtml(status ?? 'none');
  return `<span class="pill ${safe}">${safe}</span>`;
}

function formatNumber(value, digits = 0) {
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '';
}

/** The whole report as one self-contained HTML page (no scripts, opens from the file system). */
export function renderReport({ runs, sources, rowCounts, generatedAt }) {
  const latest = runs[0];
  const matrix = testMatrix(runs);
  const freshness = freshnessRows(sources);
  const runHeads = runs
    .map((run, index) => `<th title="${escapeHtml(run.generatedAt)}">${index === 0 ? 'latest' : `-${index}`}</th>`)
    .join('');

  const testRows = matrix
    .map(
      (test) => `<tr>
<td>${escapeHtml(test.name)}${test.message ? `<div class="muted">${escapeHtml(test.message)}</div>` : ''}</td>
<td>${escapeHtml(test.model ?? '')}${test.column ? `.<i>${escapeHtml(test.column)}</i>` : ''}</td>
<td>${escapeHtml(test.testType)}</td><td>${escapeHtml(test.severity)}</td>
${test.statuses.map((status) => `<td>${pill(status)}</td>`).join('')}
</tr>`,
    )
    .join('\n');

  const freshnessRowsHtml = freshness
    .map(
      (row) => `<tr><td>${escapeHtml(row.source)}</td><td>${pill(row.status)}</td>
<td>${escapeHtml(row.maxLoadedAt ?? 'never')}</td><td class="num">${formatNumber(row.ageHours, 1)}</td>
<td>${escapeHtml(row.warnAfter)}</td><td>${escapeHtml(row.errorAfter)}</td></tr>`,
    )
    .join('\n');

  const countRows = (rowCounts ?? [])
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.schema)}</td><td>${escapeHtml(row.table)}</td><td class="num">${formatNumber(row.rows)}</td></tr>`,
    )
    .join('\n');

  const historyRows = runs
    .map(
      (run) => `<tr><td>${escapeHtml(run.generatedAt)}</td><td>${escapeHtml(run.command)}</td>
<td class="num">${formatNumber(run.elapsedSeconds, 1)}</td>
${['pass', 'warn', 'fail', 'error', 'skip'].map((key) => `<td class="num">${run.totals[key] ?? 0}</td>`).join('')}
<td>${(run.nodeProblems ?? []).map((node) => `${pill(node.status)} ${escapeHtml(node.id)}`).join('<br>')}</td></tr>`,
    )
    .join('\n');

  const cards = latest
    ? ['pass', 'warn', 'fail', 'error']
        .map(
          (key) => `<div class="card"><span class="pill ${key}">${key}</span><b>${latest.totals[key] ?? 0}</b></div>`,
        )
        .join('')
    : '<p>No dbt test run recorded yet: run <code>make dbt ARGS="build"</code>, then <code>make docs</code>.</p>';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Data quality report</title><style>${STYLE}</style></head>
<body>
<h1>Data quality report</h1>
<p class="muted">Built ${escapeHtml(generatedAt)} from dbt's run_results.json, manifest.json and sources.json.
Latest run: ${escapeHtml(latest?.generatedAt ?? 'none')} (${escapeHtml(latest?.command ?? '')}).
<b>critical</b> tests fail the build (severity error); <b>warning</b> tests only warn.</p>
<div class="cards">${cards}</div>
<h2>Tests over the last ${runs.length} run${runs.length === 1 ? '' : 's'}</h2>
<table><thead><tr><th>test</th><th>model</th><th>type</th><th>severity</th>${runHeads}</tr></thead>
<tbody>${testRows}</tbody></table>
<h2>Freshness</h2>
<table><thead><tr><th>source</th><th>status</th><th>newest row</th><th>age (h)</th><th>warn after</th><th>error after</th></tr></thead>
<tbody>${freshnessRowsHtml || '<tr><td colspan="6">no freshness results (run <code>dbt source freshness</code>)</td></tr>'}</tbody></table>
<h2>Row counts</h2>
<table><thead><tr><th>schema</th><th>table</th><th>rows</th></tr></thead><tbody>${countRows}</tbody></table>
<h2>Runs</h2>
<table><thead><tr><th>run at</th><th>command</th><th>seconds</th><th>pass</th><th>warn</th><th>fail</th><th>error</th><th>skip</th><th>models/seeds not built</th></tr></thead>
<tbody>${historyRows}</tbody></table>
</body></html>
`;
}
