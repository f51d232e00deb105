import { rawRowId } from '../../pipeline/ids.ts';
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

export function jobPostingRow(
  item: Record<string, unknown>,
  jobId: string,
  profileId: number,
  stamp: LoadStamp,
  payloadText?: string,
): Row {
  return {
    raw_job_posting_id: rawRowId('jsearch', profileId, stamp.loadDate, jobId),
    job_id: jobId,
    raw_payload: payloadText ?? item,
    profile_id: profileId,
    dwh_load_id: stamp.loadId,
    dwh_load_date: stamp.loadDate,
    dwh_load_timestamp: stamp.loadTimestamp,
    dwh_source_system: 'jsearch',
  };
}
