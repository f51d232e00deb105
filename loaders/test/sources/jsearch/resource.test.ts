// The content key of a raw posting row, and the bytes it is streamed to COPY as.
import { describe, expect, it } from 'vitest';
import { copyChunks, copyLine } from '../../../src/pipeline/copy-text.ts';
import { jobPostingRow, jobPostingsResource } from '../../../src/sources/jsearch/resource.ts';

const STAMP = { loadId: 'l1', loadDate: '2026-12-03', loadTimestamp: '2026-12-03T10:00:00.000Z' };
const posting = (extra: Record<string, unknown> = {}) => ({
  job_id: 'abc=',
  job_title: 'Data Engineer',
  job_description: 'Line one\nline "two" \\ three\ttab 😀',
  job_posted_at: '16 hours ago',
  job_posted_at_timestamp: 1764700000,
  ...extra,
});
const key = (item: Record<string, unknown>, profileId = 1, loadDate = STAMP.loadDate) =>
  jobPostingRow(item, String(item.job_id), profileId, { ...STAMP, loadDate }).raw_job_posting_id;

describe('the content key', () => {
  it('is the same for an identical re-delivery, whatever the relative posting time says', () => {
    expect(key(posting())).toBe(key(posting()));
    expect(key(posting({ job_posted_at: '19 hours ago' }))).toBe(key(posting()));
    expect(key(posting({ job_posted_at: 'with \\"escaped\\" quotes and \\\\ backslash' }))).toBe(key(posting()));
  });

  it('changes with any other content, the profile or the day', () => {
    const base = key(posting());
    expect(key(posting({ job_title: 'Data Engineer II' }))).not.toBe(base);
    expect(key(posting({ job_posted_at_timestamp: 1764703600 }))).not.toBe(base);
    expect(key(posting({ job_description: 'Line one' }))).not.toBe(base);
    expect(key(posting(), 2)).not.toBe(base);
    expect(key(posting(), 1, '2026-12-04')).not.toBe(base);
  });

  it('keeps the text after the relative time in the key', () => {
    expect(key(posting({ job_posted_at: 'x', after: 1 }))).not.toBe(key(posting({ job_posted_at: 'x', after: 2 })));
  });
});

describe('COPY bytes', () => {
  it('stream exactly what copyLine writes, split into chunks on row boundaries', () => {
    const rows = Array.from({ length: 50 }, (_, i) => jobPostingRow(posting({ job_id: `id${i}` }), `id${i}`, 1, STAMP));
    const expected = rows.map((row) => copyLine(row, jobPostingsResource.columns)).join('');
    const chunks = [...copyChunks(rows, jobPostingsResource.columns, 1000)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.at(-1)).toBe(10);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
    // The payload column holds the JSON with backslashes doubled and no raw control character.
    const [, , payload] = expected.split('\n')[0]?.split('\t') ?? [];
    expect(payload).toBe(JSON.stringify(posting({ job_id: 'id0' })).replaceAll('\\', '\\\\'));
  });
});
