import { describe, expect, it } from 'vitest';
import {
  DATE_WINDOW_LABELS,
  EMPLOYMENT_LABELS,
  labelList,
  labelOf,
  REMOTE_LABELS,
  SENIORITY_LABELS,
} from '../../src/lib/labels.ts';
import { DATE_WINDOWS, EMPLOYMENT_TYPES, REMOTE_PREFERENCES, SENIORITY_LEVELS } from '../../src/lib/profile-schema.ts';

describe('labels', () => {
  // One vocabulary, one source: every stored value has a label, and no label is for a value that cannot be stored.
  it.each([
    ['date windows', DATE_WINDOWS, DATE_WINDOW_LABELS],
    ['employment types', EMPLOYMENT_TYPES, EMPLOYMENT_LABELS],
    ['remote preferences', REMOTE_PREFERENCES, REMOTE_LABELS],
    ['seniority levels', SENIORITY_LEVELS, SENIORITY_LABELS],
  ] as const)('labels every %s value and nothing else', (_, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const value of values) expect(labelOf(labels, value)).not.toBe(value);
  });

  it('shows unknown values as stored, nothing as a dash and an empty choice as any', () => {
    expect(labelOf(REMOTE_LABELS, 'moon')).toBe('moon');
    expect(labelOf(REMOTE_LABELS, null)).toBe('—');
    expect(labelList(EMPLOYMENT_LABELS, [])).toBe('Any');
    expect(labelList(EMPLOYMENT_LABELS, ['FULLTIME', 'INTERN'])).toBe('Full-time, Internship');
  });
});
