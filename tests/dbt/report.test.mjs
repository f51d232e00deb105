// The data-quality report's pure functions over small dbt artifacts (node --test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendRun,
  countStatuses,
  escapeHtml,
  formatTimestamp,
  freshnessRows,
  renderReport,
  runsOf,
  summarizeRun,
  testMatrix,
} from '../../dbt/report/lib.mjs';

const manifest = {
  nodes: {
    'test.jobs_platform.unique_fact_jobs_job_id.abc': {
      name: 'unique_fact_jobs_job_id',
      test_metadata: { name: 'unique' },
      column_name: 'job_id',
      attached_node: 'model.jobs_platform.fact_jobs',
      config: { severity: 'ERROR' },
    },
    'test.jobs_platform.row_count_change_within_fact_jobs_10.def': {
      name: 'row_count_change_within_fact_jobs_10',
      test_metadata: { name: 'row_count_change_within' },
      attached_node: 'model.jobs_platform.fact_jobs',
      config: { severity: 'warn' },
    },
    'test.jobs_platform.assert_postings_only_from_finished_loads': {
      name: 'assert_postings_only_from_finished_loads',
      depends_on: { nodes: ['model.jobs_platform.stg_jsearch__job_postings'] },
      config: { severity: 'ERROR' },
    },
  },
  unit_tests: {
    'unit_test.jobs_platform.int_jsearch__job_postings_cleaned.cleaned_salary_rules': {
      name: 'cleaned_salary_rules',
      model: 'int_jsearch__job_postings_cleaned',
      config: {},
    },
  },
};

function runResults(invocationId, statuses) {
  const ids = Object.keys({ ...manifest.nodes, ...manifest.unit_tests });
  return {
    metadata: { invocation_id: invocationId, generated_at: `2026-11-28T0${invocationId}:00:00Z` },
    args: { which: 'build' },
    elapsed_time: 12.5,
    results: [
      { unique_id: 'model.jobs_platform.fact_jobs', status: 'success' },
      { unique_id: 'seed.jobs_platform.skills', status: 'error', message: 'No such file' },
      ...ids.map((id, index) => ({
        unique_id: id,
        status: statuses[index],
        failures: statuses[index] === 'pass' ? 0 : 3,
        message: statuses[index] === 'pass' ? null : 'Got 3 results, configured to fail if != 0',
      })),
    ],
  };
}

describe('summarizeRun', () => {
  it('keeps tests only, with model, column, kind and critical/warning severity', () => {
    const run = summarizeRun(runResults('1', ['pass', 'warn', 'fail', 'pass']), manifest);
    assert.equal(run.tests.length, 4);
    const byName = Object.fromEntries(run.tests.map((test) => [test.name, test]));
    assert.deepEqual(
      [
        byName.unique_fact_jobs_job_id.model,
        byName.unique_fact_jobs_job_id.column,
        byName.unique_fact_jobs_job_id.severity,
      ],
      ['fact_jobs', 'job_id', 'critical'],
    );
    assert.equal(byName.row_count_change_within_fact_jobs_10.severity, 'warning');
    assert.equal(byName.assert_postings_only_from_finished_loads.kind, 'singular');
    assert.equal(byName.assert_postings_only_from_finished_loads.model, 'stg_jsearch__job_postings');
    assert.equal(byName.cleaned_salary_rules.testType, 'unit');
    assert.deepEqual(run.totals, { pass: 2, warn: 1, fail: 1, error: 0, skip: 0 });
    assert.deepEqual(
      run.nodeProblems.map((node) => node.id),
      ['seed.jobs_platform.skills'],
    );
  });

  it('counts unknown statuses instead of dropping them', () => {
    assert.deepEqual(countStatuses([{ status: 'pass' }, { status: 'runtime error' }]), {
      pass: 1,
      warn: 0,
      fail: 0,
      error: 0,
      skip: 0,
      'runtime error': 1,
    });
  });
});

describe('appendRun', () => {
  const first = summarizeRun(runResults('1', ['pass', 'pass', 'pass', 'pass']), manifest);
  const second = summarizeRun(runResults('2', ['fail', 'warn', 'pass', 'pass']), manifest);

  it('puts the newest run first and records an invocation once', () => {
    const once = appendRun({ runs: [] }, first);
    const twice = appendRun({ runs: once.runs }, second);
    assert.deepEqual(
      twice.runs.map((run) => run.invocationId),
      ['2', '1'],
    );
    assert.equal(appendRun({ runs: twice.runs }, second).added, false);
  });

  it('keeps a bounded history and ignores runs without tests', () => {
    let runs = [];
    for (let index = 0; index < 5; index += 1) {
      runs = appendRun({ runs }, { ...first, invocationId: `run-${index}` }, 3).runs;
    }
    assert.deepEqual(
      runs.map((run) => run.invocationId),
      ['run-4', 'run-3', 'run-2'],
    );
    assert.equal(appendRun({ runs }, { ...first, invocationId: 'docs', tests: [] }).added, false);
  });

  it('lines up each test across runs, failures first', () => {
    const { runs } = appendRun(appendRun({ runs: [] }, first), second);
    const matrix = testMatrix(runs);
    assert.equal(matrix[0].name, 'unique_fact_jobs_job_id');
    assert.deepEqual(matrix[0].statuses, ['fail', 'pass']);
  });
});

describe('freshnessRows', () => {
  it('reads status, age and thresholds from sources.json', () => {
    const rows = freshnessRows({
      results: [
        {
          unique_id: 'source.jobs_platform.landing.jsearch_job_postings',
          status: 'warn',
          max_loaded_at: '2026-11-26T07:00:00+00:00',
          max_loaded_at_time_ago_in_s: 7200 * 24,
          criteria: { warn_after: { count: 36, period: 'hour' }, error_after: { count: 1, period: 'day' } },
        },
      ],
    });
    assert.deepEqual(rows, [
      {
        source: 'landing.jsearch_job_postings',
        status: 'warn',
        maxLoadedAt: '2026-11-26T07:00:00+00:00',
        ageHours: 48,
        warnAfter: '36 hours',
        errorAfter: '1 day',
      },
    ]);
    assert.deepEqual(freshnessRows(null), []);
  });
});

describe('renderReport', () => {
  it('renders tests, freshness, row counts and runs, escaping every value', () => {
    const run = summarizeRun(runResults('1', ['fail', 'pass', 'pass', 'pass']), manifest);
    run.tests[0].message = '<script>alert(1)</script>';
    const html = renderReport({
      runs: [run],
      sources: null,
      rowCounts: [{ schema: 'marts', table: 'fact_jobs', rows: 100000 }],
      generatedAt: '2026-11-28T08:00:00Z',
    });
    assert.match(html, /<title>Data quality report<\/title>/);
    assert.match(html, /unique_fact_jobs_job_id/);
    assert.match(html, /100,000/);
    assert.match(html, /no freshness results/);
    assert.ok(!html.includes('<script>'), 'values are escaped');
    assert.match(html, /&lt;script&gt;/);
  });

  it('shows failures and warnings first, folds the passes, names the database, dates readable', () => {
    const older = summarizeRun(runResults('1', ['pass', 'pass', 'pass', 'pass']), manifest);
    const newer = summarizeRun(runResults('2', ['pass', 'warn', 'fail', 'pass']), manifest);
    const html = renderReport({
      runs: [newer, older],
      sources: null,
      rowCounts: [],
      generatedAt: '2026-11-28T08:00:00.123456Z',
      database: 'jobs_demo',
    });
    const attention = html.slice(html.indexOf('<h2>Needs attention</h2>'), html.indexOf('<details>'));
    const folded = html.slice(html.indexOf('<details>'), html.indexOf('</details>'));
    // failed before warned; the two passes only inside the folded block
    assert.ok(attention.indexOf('assert_postings_only_from_finished_loads') < attention.indexOf('row_count_change'));
    assert.ok(!attention.includes('unique_fact_jobs_job_id'));
    assert.match(folded, /<summary>2 passing tests<\/summary>/);
    assert.match(folded, /unique_fact_jobs_job_id/);
    assert.match(html, /Built 2026-11-28 08:00 UTC/);
    assert.match(html, /2026-11-28 02:00 UTC/);
    assert.ok(!/\d{4}-\d\d-\d\dT\d\d:/.test(html.replace(/<title>[^<]*<\/title>/, '')), 'no raw ISO timestamps');
    assert.match(html, /Database <span class="db">jobs_demo<\/span>/);
    assert.match(html, /aria-label="newest first: failed, passed"/);
  });

  it('keeps each database to its own runs', () => {
    const runs = [{ database: 'a' }, { database: 'b' }, { database: 'a' }, {}];
    assert.deepEqual(runsOf(runs, 'a'), [{ database: 'a' }, { database: 'a' }]);
    assert.equal(runsOf(runs, null).length, 4);
  });

  it('formats timestamps and leaves unparsable text alone', () => {
    assert.equal(formatTimestamp('2026-11-28T08:05:59.999999Z'), '2026-11-28 08:05 UTC');
    assert.equal(formatTimestamp('not a date'), 'not a date');
    assert.equal(formatTimestamp(null), '');
  });

  it('explains what to do when no run is recorded yet', () => {
    const html = renderReport({ runs: [], sources: null, rowCounts: [], generatedAt: 'now' });
    assert.match(html, /No dbt test run recorded yet/);
  });

  it('escapes the five HTML-significant characters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeHtml(null), '');
  });
});
