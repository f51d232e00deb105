import { jsonToCopyBytes } from '../../pipeline/copy-text.ts';
import { rawContentRowId } from '../../pipeline/ids.ts';
import type { Resource, Row } from '../../pipeline/resource.ts';

export const jobPostingsResource: Resource = {
  name: 'job_postings',
  sourceSystem: 'jsearch',
  table: 'raw.jsearch_job_postings',
  columns: [
    'raw_job_posting_id',
    'job_id',
    'raw_payload',
    'profile_id',
    'dwh_load_id',
    'dwh_load_date',
    'dwh_load_timestamp',
    'dwh_source_system',
  ],
  primaryKey: 'raw_job_posting_id',
  writeDisposition: 'insert_new',
};

export interface LoadStamp {
  loadId: string;
  loadDate: string;
  loadTimestamp: string;
}

// `job_posted_at` is relative text ("16 hours ago") that changes between two deliveries of the
// same posting on the same day; its value is left out of the content key (the timestamps are not).
const RELATIVE_POSTED_AT = Buffer.from('"job_posted_at":"');
const BACKSLASH = 92;
const QUOTE = 34;

// The payload (COPY-escaped UTF-8 JSON: every JSON backslash doubled) around the relative posting
// time. The text is JSON.stringify output, so the first match is the top-level key or, at worst, a
// nested key of the same name: only what counts as a change is affected, never the stored data.
export function contentForKey(payload: Buffer): Buffer[] {
  const at = payload.indexOf(RELATIVE_POSTED_AT);
  if (at < 0) return [payload];
  const start = at + RELATIVE_POSTED_AT.length;
  let end = start;
  while (end < payload.length && payload[end] !== QUOTE) {
    // A JSON escape arrives as a doubled backslash, then the escaped character (itself doubled
    // when it is a backslash).
    if (payload[end] === BACKSLASH) end += payload[end + 2] === BACKSLASH ? 4 : 3;
    else end += 1;
  }
  return [payload.subarray(0, start), payload.subarray(end)];
}

// `payloadText` is the item's JSON.stringify text when the caller already has it (an NDJSON line
// written that way); otherwise the item is serialised here. It is encoded once: those bytes are
// both hashed for the key and streamed to COPY.
export function jobPostingRow(
  item: Record<string, unknown>,
  jobId: string,
  profileId: number,
  stamp: LoadStamp,
  payloadText: string = JSON.stringify(item),
): Row {
  const payload = jsonToCopyBytes(payloadText);
  return {
    raw_job_posting_id: rawContentRowId('jsearch', profileId, stamp.loadDate, jobId, contentForKey(payload.bytes)),
    job_id: jobId,
    raw_payload: payload,
    profile_id: profileId,
    dwh_load_id: stamp.loadId,
    dwh_load_date: stamp.loadDate,
    dwh_load_timestamp: stamp.loadTimestamp,
    dwh_source_system: 'jsearch',
  };
}
