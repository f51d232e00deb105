// Envelope and item validation over every real payload in test/fixtures/reference_payloads.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkItem, checkJson, checkResponseText } from '../../../src/pipeline/validate.ts';
import { glassdoorShape } from '../../../src/sources/glassdoor/schema.ts';
import { jsearchShape } from '../../../src/sources/jsearch/schema.ts';

const dir = (source: string) => new URL(`../../fixtures/reference_payloads/${source}/`, import.meta.url);
const files = (source: string) =>
  readdirSync(dir(source))
    .filter((name) => name.endsWith('.json'))
    .sort();
const read = (source: string, name: string) => readFileSync(new URL(name, dir(source)), 'utf8');

describe('every JSearch reference payload validates', () => {
  it.each(files('jsearch'))('%s', (name) => {
    const text = read('jsearch', name);
    const json = JSON.parse(text);
    const isSingleItem = !Array.isArray(json) && !('data' in json);
    if (isSingleItem) {
      const result = checkItem(json, jsearchShape);
      expect(result).toHaveProperty('id', json.job_id);
      return;
    }
    const result = checkResponseText(text, jsearchShape);
    if (!result.ok) throw new Error(result.reason);
    const items = Array.isArray(json) ? json : json.data;
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((accepted) => accepted.id)).toEqual(
      items.map((item: { job_id: string }) => item.job_id),
    );
    // Accepted items are the received objects, unknown fields included.
    expect(result.accepted[0]?.item).toEqual(items[0]);
  });
});

describe('every Glassdoor reference payload validates', () => {
  it.each(files('glassdoor'))('%s', (name) => {
    const text = read('glassdoor', name);
    const json = JSON.parse(text);
    const result = checkResponseText(text, glassdoorShape);
    if (!result.ok) throw new Error(result.reason);
    const items = Array.isArray(json.data) ? json.data : [json.data];
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((accepted) => accepted.id)).toEqual(
      items.map((item: { company_id: number }) => String(item.company_id)),
    );
  });
});

const okEnvelope = (data: unknown, extra: Record<string, unknown> = {}) => ({
  status: 'OK',
  request_id: 'r',
  parameters: {},
  data,
  ...extra,
});
const job = (extra: Record<string, unknown> = {}) => ({ job_id: 'abcAAAAAA==', job_title: 'Engineer', ...extra });

describe('known quirks are accepted', () => {
  it.each([
    ['lower-case status', { ...okEnvelope([job()]), status: 'ok' }],
    ['{} highlights', okEnvelope([job({ job_highlights: {} })])],
    [
      'null highlights and salaries',
      okEnvelope([job({ job_highlights: null, job_min_salary: null, job_salary_period: null })]),
    ],
    [
      'free-text employment type next to the enum array',
      okEnvelope([
        job({
          job_employment_type: 'Full-time, Part-time, and Contractor',
          job_employment_types: ['FULLTIME', 'PARTTIME'],
        }),
      ]),
    ],
    ['unknown fields', okEnvelope([job({ brand_new_field: { nested: [1, 2] } })], { new_envelope_field: true })],
    ['missing optional fields', okEnvelope([{ job_id: 'only-id' }])],
    [
      'null timestamps',
      okEnvelope([job({ job_posted_at_timestamp: null, job_posted_at_datetime_utc: null, job_posted_at: null })]),
    ],
  ])('%s', (_label, body) => {
    const result = checkJson(body, jsearchShape);
    expect(result.ok && result.accepted.length).toBe(1);
  });
});

describe('quarantine reasons (items)', () => {
  it.each([
    ['missing job_id', { job_title: 'x' }, /invalid item: job_id/],
    ['empty job_id', job({ job_id: '  ' }), /job_id is empty/],
    ['numeric job_id', job({ job_id: 12 }), /invalid item: job_id/],
    ['NUL byte', job({ job_description: 'a\u0000b' }), /NUL byte at \$\.job_description/],
    ['lone surrogate', job({ job_title: 'x\ud800y' }), /lone UTF-16 surrogate at \$\.job_title/],
    ['lone low surrogate in a nested key', job({ extra: { 'k\udc00': 1 } }), /lone UTF-16 surrogate/],
    ['a string item', 'not an object', /item is string, not an object/],
    ['a null item', null, /item is null/],
    ['an array item', [1, 2], /item is an array/],
    ['wrong type for a known field', job({ job_is_remote: 'yes' }), /job_is_remote/],
  ])('%s', (_label, item, reason) => {
    const result = checkJson(okEnvelope([job({ job_id: 'good' }), item]), jsearchShape);
    if (!result.ok) throw new Error('envelope should be fine');
    expect(result.accepted.map((accepted) => accepted.id)).toEqual(['good']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.reason).toMatch(reason);
    // The quarantine copy is always storable text.
    expect(result.rejected[0]?.rawText).not.toContain('\u0000');
  });
});

describe('quarantine reasons (responses)', () => {
  it.each([
    ['truncated JSON', '{"status":"OK","data":[{"job_id":"a"', /not valid JSON/],
    ['non-array data', JSON.stringify(okEnvelope({ job_id: 'x' })), /data is object, not an array/],
    ['null data', JSON.stringify(okEnvelope(null)), /data is null/],
    ['status ERROR', JSON.stringify({ status: 'ERROR', error: { message: 'boom' } }), /invalid envelope: status/],
    ['a number', '42', /response is number/],
    ['null', 'null', /response is null/],
  ])('%s', (_label, text, reason) => {
    const result = checkResponseText(text, jsearchShape);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('keeps a NUL byte in a bad body as escaped text', () => {
    const result = checkResponseText('{"broken\u0000', jsearchShape);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rawText).toBe('{"broken\\u0000');
  });
});
