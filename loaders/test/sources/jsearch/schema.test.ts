// Envelope and item validation over every real payload in test/fixtures/reference_payloads.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  boundedJson,
  checkItem,
  checkJson,
  checkResponseText,
  MAX_ITEM_DEPTH,
  QUARANTINE_TEXT_MAX_CHARS,
} from '../../../src/pipeline/validate.ts';
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
    ['a numeric title (identity)', job({ job_title: 42 }), /invalid item: job_title/],
    ['an object as employer (identity)', job({ employer_name: { name: 'x' } }), /invalid item: employer_name/],
    ['a job_id of spaces only', job({ job_id: ' \t ' }), /job_id is empty/],
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

// Type noise on optional fields is staging's to coerce (with a recorded reason), never a reason to
// drop the posting.
describe('type noise on optional fields lands as received', () => {
  it.each([
    ['string salaries', { job_min_salary: '120000', job_max_salary: '150,000' }],
    ['string coordinates', { job_latitude: '43.65', job_longitude: '-79.38' }],
    ['boolean-ish remote flags', { job_is_remote: 'true' }],
    ['numeric remote flag', { job_is_remote: 1 }],
    ['a string timestamp', { job_posted_at_timestamp: '1764000000' }],
    ['highlights as a string', { job_highlights: 'Responsibilities: all of them' }],
    ['employment types as a string', { job_employment_types: 'FULLTIME' }],
    ['apply options as an object', { apply_options: { publisher: 'x' } }],
  ])('%s', (_label, extra) => {
    const item = job(extra);
    const result = checkJson(okEnvelope([item], { request_id: 17, parameters: 'q' }), jsearchShape);
    if (!result.ok) throw new Error(result.reason);
    expect(result.rejected).toEqual([]);
    expect(result.accepted[0]?.item).toEqual(item);
  });

  it('trims edge whitespace off job_id for the key and keeps the payload as received', () => {
    const result = checkJson(okEnvelope([job({ job_id: '  abc= \n' })]), jsearchShape);
    if (!result.ok) throw new Error(result.reason);
    expect(result.accepted[0]?.id).toBe('abc=');
    expect(result.accepted[0]?.item.job_id).toBe('  abc= \n');
  });
});

describe('hostile shapes are refused without recursion, and quarantine text is bounded', () => {
  const nested = (depth: number) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = { inner: value };
    return value;
  };

  it('quarantines an item nested 200,000 levels deep with a reason (no stack overflow)', () => {
    const text = `{"status":"OK","data":[{"job_id":"ok"},{"job_id":"deep","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`;
    const result = checkResponseText(text, jsearchShape);
    if (!result.ok) throw new Error(result.reason);
    expect(result.accepted.map((accepted) => accepted.id)).toEqual(['ok']);
    expect(result.rejected[0]?.reason).toMatch(`nested deeper than ${MAX_ITEM_DEPTH} levels`);
    expect(result.rejected[0]?.rawText.length).toBe(QUARANTINE_TEXT_MAX_CHARS);
    expect(result.rejected[0]?.rawLength).toBe(text.length - '{"status":"OK","data":[{"job_id":"ok"},]}'.length);
  });

  it('accepts depth up to the cap and refuses one level more', () => {
    expect(checkItem(job({ x: nested(MAX_ITEM_DEPTH - 1) }), jsearchShape)).toHaveProperty('id');
    expect(checkItem(job({ x: nested(MAX_ITEM_DEPTH) }), jsearchShape)).toHaveProperty('reason');
  });

  it('cuts a huge bad body to the quarantine limit and records its full length', () => {
    const text = `{"status":"OK","data":[${'{"job_id":"x"},'.repeat(200_000)}`;
    const result = checkResponseText(text, jsearchShape);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rawText).toBe(text.slice(0, QUARANTINE_TEXT_MAX_CHARS));
    expect(result.rawLength).toBe(text.length);
  });

  it('boundedJson writes what JSON.stringify writes, and counts past the cut', () => {
    const value = { a: [1, 'two', null, { b: true, c: undefined }], 'd"e': -1.5e-7, f: {} };
    expect(boundedJson(value, 1000)).toEqual({ text: JSON.stringify(value), length: JSON.stringify(value).length });
    expect(boundedJson(value, 5)).toEqual({
      text: JSON.stringify(value).slice(0, 5),
      length: JSON.stringify(value).length,
    });
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
