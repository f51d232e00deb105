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
  cursor: 'dwh_load_date',
  writeDisposition: 'insert_new',
  scopeColumn: 'profile_id',
};

export interface LoadStamp {
  loadId: string;
  loadDate: string;
  loadTimestamp: string;
}

// `job_posted_at` is relative text ("16 hours ago") that changes between two deliveries of the
// same posting on the same day; it is left out of the content key (its timestamps are not).
const RELATIVE_POSTED_AT = '"job_posted_at":"';

// The payload text split around the relative posting time, for the content key. `payloadText` is
// JSON.stringify output (no spaces), so the first match is the top-level key or, at worst, a nested
// key of the same name, whose change would then not count: only the key is affected, never the data.
export function contentForKey(payloadText: string): string[] {
  const at = payloadText.indexOf(RELATIVE_POSTED_AT);
  if (at < 0) return [payloadText];
  let end = at + RELATIVE_POSTED_AT.length;
  while (end < payloadText.length && payloadText.charCodeAt(end) !== 34 /* " */) {
    end += payloadText.charCodeAt(end) === 92 /* \ */ ? 2 : 1;
  }
  return [payloadText.slice(0, at + RELATIVE_POSTED_AT.length), payloadText.slice(end)];
}

// `payloadText` is the item's JSON text when the caller already has it (NDJSON); otherwise the item
// is serialised once here, and that text is both hashed for the key and streamed to COPY.
export function jobPostingRow(
  item: Record<string, unknown>,
  jobId: string,
  profileId: number,
  stamp: LoadStamp,
  payloadText: string = JSON.stringify(item),
): Row {
  return {
    raw_job_posting_id: rawContentRowId('jsearch', profileId, stamp.loadDate, jobId, contentForKey(payloadText)),
    job_id: jobId,
    raw_payload: payloadText,
    profile_id: profileId,
    dwh_load_id: stamp.loadId,
    dwh_load_date: stamp.loadDate,
    dwh_load_timestamp: stamp.loadTimestamp,
    dwh_source_system: 'jsearch',
  };
}
