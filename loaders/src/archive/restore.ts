// archive-restore: re-land archived objects into raw through the normal loader (RawLoader), with
// their original load ids. A load id already in raw.dwh_loads is skipped, so restoring twice adds
// nothing. Every object is checked against its manifest (sha256, row count) before it lands.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import type pg from 'pg';
import type { Logger } from '../log.ts';
import { RawLoader } from '../pipeline/load.ts';
import type { Resource, Row } from '../pipeline/resource.ts';
import { dayPrefix, type Manifest } from './location.ts';
import type { ArchiveStore } from './store.ts';

const gunzip = promisify(gunzipCallback);

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface RestoreSummary {
  command: 'archive-restore';
  url: string;
  from: string;
  to: string;
  objects: number;
  loads_restored: number;
  loads_skipped: number;
  rows_landed: number;
  failed: number;
  errors: string[];
}

const LOAD_COLUMNS = [
  'load_id',
  'dwh_source_system',
  'resource_name',
  'profile_id',
  'load_status',
  'row_count',
  'quarantined_count',
  'api_call_count',
  'api_error_count',
  'error_message',
  'started_at',
  'finished_at',
  'dag_run_id',
] as const;

// Pure: the object's bytes against its manifest, then its NDJSON lines as rows.
export function checkedRows(manifest: Manifest, gzipped: Buffer, ndjson: Buffer): Row[] {
  const sha256 = createHash('sha256').update(gzipped).digest('hex');
  if (sha256 !== manifest.sha256)
    throw new RestoreError(`${manifest.load_id}: sha256 ${sha256} does not match the manifest's ${manifest.sha256}`);
  const rows = ndjson
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
  if (rows.length !== manifest.row_count)
    throw new RestoreError(`${manifest.load_id}: ${rows.length} rows, the manifest says ${manifest.row_count}`);
  for (const row of rows)
    if (row.dwh_load_id !== manifest.load_id)
      throw new RestoreError(`${manifest.load_id}: holds a row of load ${String(row.dwh_load_id)}`);
  return rows;
}

async function restoreLoad(
  client: pg.PoolClient,
  resource: Resource,
  manifest: Manifest,
  rows: Row[],
  batchSize: number,
): Promise<number> {
  const load = manifest.load;
  await client.query(
    `insert into raw.dwh_loads (${LOAD_COLUMNS.join(', ')})
     select ${LOAD_COLUMNS.map((column) => `l.${column}`).join(', ')}
       from json_populate_record(null::raw.dwh_loads, $1::json) as l
     on conflict (load_id) do nothing`,
    [JSON.stringify({ ...load, load_id: manifest.load_id, load_status: 'started' })],
  );
  const loader = new RawLoader(client, resource);
  let landed = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const result = await loader.landBatch(manifest.load_id, rows.slice(i, i + batchSize));
    landed += result.inserted + result.adopted;
  }
  // Back to the load's recorded outcome (finished, with its original counts and times).
  await client.query(`update raw.dwh_loads set load_status = $2, finished_at = $3::timestamptz where load_id = $1`, [
    manifest.load_id,
    load.load_status ?? 'finished',
    load.finished_at ?? new Date().toISOString(),
  ]);
  return landed;
}

export async function restoreArchive(
  pool: pg.Pool,
  store: ArchiveStore,
  resources: Resource[],
  days: string[],
  logger: Logger,
  batchSize = 1000,
): Promise<RestoreSummary> {
  const summary: RestoreSummary = {
    command: 'archive-restore',
    url: store.url,
    from: days[0] as string,
    to: days[days.length - 1] as string,
    objects: 0,
    loads_restored: 0,
    loads_skipped: 0,
    rows_landed: 0,
    failed: 0,
    errors: [],
  };
  const client = await pool.connect();
  try {
    for (const resource of resources) {
      for (const day of days) {
        const manifests = (await store.list(dayPrefix(resource.table, day))).filter((key) =>
          key.endsWith('.manifest.json'),
        );
        for (const manifestKey of manifests) {
          summary.objects += 1;
          try {
            const manifest = JSON.parse((await store.get(manifestKey)).toString('utf8')) as Manifest;
            // A load left 'started' by an interrupted restore is taken up again.
            const { rows: known } = await client.query(
              "select 1 from raw.dwh_loads where load_id = $1 and load_status <> 'started'",
              [manifest.load_id],
            );
            if (known.length) {
              summary.loads_skipped += 1;
              continue;
            }
            const objectKey = manifestKey.replace(/\.manifest\.json$/, '.ndjson.gz');
            const gzipped = await store.get(objectKey);
            const rows = checkedRows(manifest, gzipped, await gunzip(gzipped));
            summary.rows_landed += await restoreLoad(client, resource, manifest, rows, batchSize);
            // The object already exists: the next loader run must not write it again.
            await client.query(
              `insert into raw.dwh_load_archives
                 (load_id, archive_status, object_url, row_count, object_bytes, sha256, attempts, archived_at)
               values ($1, 'archived', $2, $3, $4, $5, 0, now()) on conflict (load_id) do nothing`,
              [manifest.load_id, `${store.url}/${objectKey}`, manifest.row_count, manifest.bytes, manifest.sha256],
            );
            summary.loads_restored += 1;
            logger.info({ load_id: manifest.load_id, rows: rows.length }, 'archive-restore: load restored');
          } catch (error) {
            summary.failed += 1;
            const message = `${manifestKey}: ${(error as Error).name}: ${(error as Error).message}`.split('\n')[0];
            summary.errors.push(message as string);
            logger.error({ err: message }, 'archive-restore: object not restored');
          }
        }
      }
    }
  } finally {
    client.release();
  }
  return summary;
}
