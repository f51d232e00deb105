// The profile vocabulary has one source, the dbt seeds; the TypeScript side is generated from them.
// These fail when the two disagree: a seed edited without regenerating, or the module edited by hand.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_KEYWORDS_IN,
  DATE_WINDOWS,
  EMPLOYMENT_TYPES,
  REMOTE_PREFERENCES,
  SENIORITY_LEVELS,
} from '../src/vocabulary.generated.ts';

const repo = new URL('../../', import.meta.url);
const seedColumn = (path: string) => {
  const [, ...rows] = readFileSync(new URL(path, repo), 'utf8').trim().split(/\r?\n/);
  return rows.map((row) => row.split(',')[0]);
};

describe('profile vocabulary', () => {
  it.each<[string, string, readonly string[]]>([
    ['DATE_WINDOWS', 'dbt/seeds/vocabulary/date_windows.csv', DATE_WINDOWS],
    ['EMPLOYMENT_TYPES', 'dbt/seeds/vocabulary/employment_types.csv', EMPLOYMENT_TYPES],
    ['REMOTE_PREFERENCES', 'dbt/seeds/vocabulary/remote_preferences.csv', REMOTE_PREFERENCES],
    ['SENIORITY_LEVELS', 'dbt/seeds/dictionaries/seniority_levels.csv', SENIORITY_LEVELS],
    ['BLOCK_KEYWORDS_IN', 'dbt/seeds/vocabulary/block_keywords_in.csv', BLOCK_KEYWORDS_IN],
  ])('%s lists the values of %s, in its row order', (_constant, seed, values) => {
    expect([...values]).toEqual(seedColumn(seed));
  });

  it('is what scripts/generate-vocabulary.mjs writes from the seeds today', () => {
    const script = new URL('scripts/generate-vocabulary.mjs', repo).pathname;
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toMatch(/is current/);
  });
});
