// After landing: every finished load of a resource that has no archive object yet is written to
// the archive as gzip NDJSON (one object per load: compressed while it landed when this process
// landed it, see spool.ts, else read back from raw by its load id), then its manifest. raw.dwh_load_archives records the outcome; a failed write stays 'failed' and the next
// run tries again from the load's rows. Archiving never fails the landing: errors are counted.
import type pg from 'pg';
import type { Logger } from '../log.ts';
import type { Resource } from '../pipeline/resource.ts';
import { BackgroundGzip } from './background-gzip.ts';
import { type Manifest, objectKey } from './location.ts';
import { type ArchiveSpool, landingSpool } from './spool.ts';
import type { ArchiveStore } from './store.ts';

export interface ArchiveSummary {
  url: string;
  objects: number;
  rows: number;
  bytes: number;
  failed: number;
  errors: string[];
}

export const emptyArchiveSummary = (url: string): ArchiveSummary => ({
  url,
  objects: 0,
  rows: 0,
  bytes: 0,
  failed: 0,
  errors: [],
});

const ident = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');

// Rows are read in key order, a page at a time, so a large load never sits in memory as rows.
const PAGE_ROWS = 5000;

async function loadNdjson(
  client: pg.Pool,
  resource: Resource,
  loadId: string,
): Promise<{ body: Buffer; rows: number; sha256: string }> {
  const key = ident(resource.primaryKey);
  // Compressed (and hashed) as the spooled bodies are, on the gzip worker: one page compresses
  // while the next is read from the server.
  const gzip = new BackgroundGzip();
  let rows = 0;
  let after = '';
  try {
    for (;;) {
      // row_to_json outside the ordered subquery: only the page's rows are serialised, whatever
      // plan the server picks for the ORDER BY … LIMIT.
      const { rows: page } = await client.query(
        `select page.${key} as key, row_to_json(page)::text as line
           from (select * from ${ident(resource.table)}
                  where dwh_load_id = $1 and ${key} > $2 order by ${key} limit ${PAGE_ROWS}) as page
          order by page.${key}`,
        [loadId, after],
      );
      if (page.length) gzip.write(Buffer.from(`${page.map((row) => row.line).join('\n')}\n`));
      rows += page.length;
      if (page.length < PAGE_ROWS) break;
      after = page[page.length - 1].key;
    }
  } catch (error) {
    gzip.destroy();
    throw error;
  }
  const { pieces, sha256 } = await gzip.end();
  return { body: Buffer.concat(pieces), rows, sha256 };
}

async function record(pool: pg.Pool, loadId: string, fields: Record<string, unknown>): Promise<void> {
  await pool.query(
    `insert into raw.dwh_load_archives
       (load_id, archive_status, object_url, row_count, object_bytes, sha256, attempts, error_message, archived_at)
     values ($1, $2, $3, $4, $5, $6, 1, $7, now())
     on conflict (load_id) do update set
       archive_status = excluded.archive_status, object_url = excluded.object_url, row_count = excluded.row_count,
       object_bytes = excluded.object_bytes, sha256 = excluded.sha256, error_message = excluded.error_message,
       attempts = raw.dwh_load_archives.attempts + 1, archived_at = excluded.archived_at`,
    [
      loadId,
      fields.status,
      fields.url ?? null,
      fields.rows ?? null,
      fields.bytes ?? null,
      fields.sha256 ?? null,
      fields.error ?? null,
    ],
  );
}

// The load's body as spooled while it landed, if the spool holds all of its rows (the table is
// the authority: a count that differs means the load is read back instead).
async function spooledBody(
  pool: pg.Pool,
  resource: Resource,
  loadId: string,
  spool: ArchiveSpool,
): Promise<{ body: Buffer; rows: number; sha256: string } | undefined> {
  const spooled = await spool.take(loadId);
  if (!spooled) return undefined;
  const { rows } = await pool.query(
    `select count(*)::int as rows from ${ident(resource.table)} where dwh_load_id = $1`,
    [loadId],
  );
  return rows[0].rows === spooled.rows ? spooled : undefined;
}

export async function archiveLoad(
  pool: pg.Pool,
  store: ArchiveStore,
  resource: Resource,
  load: Record<string, unknown> & { load_id: string; load_date: string },
  spool: ArchiveSpool = landingSpool,
): Promise<{ rows: number; bytes: number }> {
  const { load_date: loadDate, ...loadRow } = load;
  const { body, rows, sha256 } =
    (await spooledBody(pool, resource, load.load_id, spool)) ?? (await loadNdjson(pool, resource, load.load_id));
  const key = objectKey(resource.table, loadDate, load.load_id, '.ndjson.gz');
  await store.put(key, body, 'application/x-ndjson', 'gzip');
  const manifest: Manifest = {
    load_id: load.load_id,
    source: resource.sourceSystem,
    resource: resource.name,
    table: resource.table,
    row_count: rows,
    sha256,
    bytes: body.length,
    archived_at: new Date().toISOString(),
    load: loadRow,
  };
  // The manifest goes last: its presence says the object beside it is complete.
  await store.put(
    objectKey(resource.table, loadDate, load.load_id, '.manifest.json'),
    Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    'application/json',
  );
  await record(pool, load.load_id, {
    status: 'archived',
    url: `${store.url}/${key}`,
    rows,
    bytes: body.length,
    sha256,
  });
  return { rows, bytes: body.length };
}

// Loads of this resource that finished and are not archived yet (new ones and earlier failures).
export async function pendingLoads(
  pool: pg.Pool,
  resource: Resource,
): Promise<Array<Record<string, unknown> & { load_id: string; load_date: string }>> {
  const { rows } = await pool.query(
    `select to_char(loads.started_at at time zone 'UTC', 'YYYY-MM-DD') as load_date, loads.*
       from raw.dwh_loads as loads
       left join raw.dwh_load_archives as archives on archives.load_id = loads.load_id
      where loads.dwh_source_system = $1 and loads.resource_name = $2 and loads.load_status = 'finished'
        and archives.archive_status is distinct from 'archived'
      order by loads.started_at, loads.load_id`,
    [resource.sourceSystem, resource.name],
  );
  return rows;
}

export async function archivePending(
  pool: pg.Pool,
  store: ArchiveStore,
  resource: Resource,
  logger: Logger,
  spool: ArchiveSpool = landingSpool,
): Promise<ArchiveSummary> {
  const summary = emptyArchiveSummary(store.url);
  let loads: Awaited<ReturnType<typeof pendingLoads>>;
  try {
    loads = await pendingLoads(pool, resource);
  } catch (error) {
    summary.failed += 1;
    summary.errors.push(`${(error as Error).name}: ${(error as Error).message}`);
    logger.error({ err: summary.errors[0] }, 'archive: could not list the loads to archive');
    spool.release(resource);
    return summary;
  }
  for (const load of loads) {
    try {
      const written = await archiveLoad(pool, store, resource, load, spool);
      summary.objects += 1;
      summary.rows += written.rows;
      summary.bytes += written.bytes;
    } catch (error) {
      const message = `${(error as Error).name}: ${(error as Error).message}`.split('\n')[0] as string;
      summary.failed += 1;
      summary.errors.push(`${load.load_id}: ${message}`);
      logger.warn({ load_id: load.load_id, err: message }, 'archive: write failed; the next run retries it');
      await record(pool, load.load_id, { status: 'failed', url: store.url, error: message }).catch(() => undefined);
    }
  }
  // What is left was landed by loads that did not finish: never archived.
  spool.release(resource);
  return summary;
}
