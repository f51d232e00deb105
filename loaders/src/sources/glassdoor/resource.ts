import { rawRowId } from '../../pipeline/ids.ts';
import type { Resource, Row } from '../../pipeline/resource.ts';
import type { LoadStamp } from '../jsearch/resource.ts';

export const companiesResource: Resource = {
  name: 'companies',
  sourceSystem: 'glassdoor',
  table: 'raw.glassdoor_companies',
  columns: [
    'raw_company_id',
    'company_lookup_key',
    'raw_payload',
    'dwh_load_id',
    'dwh_load_date',
    'dwh_load_timestamp',
    'dwh_source_system',
  ],
  primaryKey: 'raw_company_id',
  writeDisposition: 'insert_new',
};

export function companyRow(item: Record<string, unknown>, companyId: string, lookupKey: string, stamp: LoadStamp): Row {
  return {
    raw_company_id: rawRowId('glassdoor', lookupKey, stamp.loadDate, companyId),
    company_lookup_key: lookupKey,
    raw_payload: item,
    dwh_load_id: stamp.loadId,
    dwh_load_date: stamp.loadDate,
    dwh_load_timestamp: stamp.loadTimestamp,
    dwh_source_system: 'glassdoor',
  };
}
