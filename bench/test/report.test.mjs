// The bench report's verdicts and the smoke check that `make test` relies on.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkProblems, EXPECTED_RESULTS, readParts, renderVerdicts, targetMet, verdicts } from '../report.mjs';

const result = (name, value, target = 'baseline') => ({ name, value, unit: 'x', target, runs: 1 });

test('targets compare in both spellings and ignore words', () => {
  assert.equal(targetMet(0.91, '>= 0.9'), true);
  assert.equal(targetMet(0.89, '≥ 0.9'), false);
  assert.equal(targetMet(120, '<= 100'), false);
  assert.equal(targetMet(1, 'baseline'), null);
});

test('each expected result is met, missed or not measured, with the reason', () => {
  const lines = verdicts(
    [result('a.ok', 1, '>= 0.9'), result('a.slow', 0.5, '>= 0.9'), result('a.info', 3)],
    [{ name: 'a.lz4', reason: 'no lz4 here', part: 'a.json' }],
    ['a.ok', 'a.slow', 'a.info', 'a.lz4', 'a.gone'],
  );
  const byName = Object.fromEntries(lines.map((line) => [line.name, line]));
  assert.equal(byName['a.ok'].verdict, 'met');
  assert.equal(byName['a.slow'].verdict, 'missed');
  assert.match(byName['a.slow'].reason, /target >= 0.9/);
  assert.equal(byName['a.info'], undefined, 'a result without a comparison has no verdict');
  assert.deepEqual([byName['a.lz4'].verdict, byName['a.lz4'].reason], ['not measured', 'no lz4 here']);
  assert.equal(byName['a.gone'].verdict, 'not measured');
  // Only the unexplained gap fails the smoke check; a stated skip does not.
  assert.deepEqual(checkProblems(lines), ['a.gone: no benchmark reported it (did its part fail or not run?)']);
  assert.match(renderVerdicts(lines, true), /smoke run/);
});

test('skipped variants without a result name of their own are reported', () => {
  const lines = verdicts([], [{ name: 'landing.ratio_vs_psql_copy (lz4 variant)', reason: 'no lz4' }], []);
  assert.deepEqual(
    lines.map((line) => [line.name, line.verdict]),
    [['landing.ratio_vs_psql_copy (lz4 variant)', 'not measured']],
  );
  assert.deepEqual(checkProblems(lines), []);
});

test('a part with a non-numeric value is an error, and its result counts as missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  writeFileSync(
    join(dir, 'loaders.json'),
    JSON.stringify({
      results: [result('landing.rows_per_s', 'fast'), result('landing.mib_per_s', 12)],
      skipped: [{ name: 'landing.psql_copy_lz4_rows_per_s', reason: 'no lz4' }, { name: 'no reason' }],
    }),
  );
  writeFileSync(join(dir, 'broken.json'), '{"results": [');
  const { results, skipped, errors } = readParts(dir);
  assert.deepEqual(
    results.map((r) => r.name),
    ['landing.mib_per_s'],
  );
  assert.equal(skipped.length, 1);
  assert.equal(errors.length, 3, errors.join('\n'));
  const problems = checkProblems(verdicts(results, skipped));
  assert.ok(problems.some((problem) => problem.startsWith('landing.rows_per_s:')));
  assert.ok(!problems.some((problem) => problem.startsWith('landing.psql_copy_lz4_rows_per_s')));
});

test('every benchmark part is expected to report something', () => {
  for (const [part, names] of Object.entries(EXPECTED_RESULTS)) assert.ok(names.length > 0, part);
});
