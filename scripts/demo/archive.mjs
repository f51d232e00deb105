// make demo: the raw archive of this database: where it is, its objects, and whether their rows
// match what landed (manifest row count vs the rows in raw under the same load id).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RAW_TABLE_BY_SOURCE = { jsearch: 'jsearch_job_postings', glassdoor: 'glassdoor_companies' };
const database = new URL(process.env.DATABASE_URL).pathname.slice(1);
const location = process.env.ARCHIVE_URL || `file://${join(root, 'out', 'archive', database)}`;
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  const { rows } = await client.query(
    `select loads.dwh_source_system as source, loads.resource_name as resource, loads.load_id,
            archives.archive_status, archives.object_url, archives.row_count as archived_rows,
            archives.object_bytes, archives.error_message,
            (select count(*) from raw.jsearch_job_postings as j where j.dwh_load_id = loads.load_id)
          + (select count(*) from raw.glassdoor_companies as g where g.dwh_load_id = loads.load_id)
          + (select count(*) from raw.board_job_postings as b where b.dwh_load_id = loads.load_id) as landed_rows
       from raw.dwh_loads as loads
       left join raw.dwh_load_archives as archives using (load_id)
      where loads.load_status = 'finished'
      order by loads.started_at`,
  );
  console.log(`archive location: ${location}`);
  const tables = new Map();
  let mismatches = 0;
  for (const row of rows) {
    // Career-board loads carry their ATS as the source system (greenhouse, lever, …).
    const table = `raw/${RAW_TABLE_BY_SOURCE[row.source] ?? 'board_job_postings'}`;
    const entry = tables.get(table) ?? { objects: 0, rows: 0, landed: 0, bytes: 0, pending: 0, failed: 0 };
    tables.set(table, entry);
    if (row.archive_status !== 'archived') {
      entry[row.archive_status === 'failed' ? 'failed' : 'pending'] += 1;
      continue;
    }
    entry.objects += 1;
    entry.rows += row.archived_rows;
    entry.landed += Number(row.landed_rows);
    entry.bytes += Number(row.object_bytes);
    let manifestRows = row.archived_rows;
    if (row.object_url.startsWith('file://')) {
      const manifest = row.object_url.slice('file://'.length).replace(/\.ndjson\.gz$/, '.manifest.json');
      manifestRows = JSON.parse(readFileSync(manifest, 'utf8')).row_count;
    }
    if (manifestRows !== Number(row.landed_rows)) {
      mismatches += 1;
      console.log(`  MISMATCH ${row.load_id}: manifest ${manifestRows} rows, raw ${row.landed_rows}`);
    }
  }
  for (const [table, entry] of tables)
    console.log(
      `  ${table.padEnd(26)} ${String(entry.objects).padStart(4)} objects  ${String(entry.rows).padStart(7)} rows archived  ` +
        `${String(entry.landed).padStart(7)} rows landed  ${(entry.bytes / 1024).toFixed(0).padStart(6)} KiB` +
        (entry.pending || entry.failed ? `  (${entry.pending} pending, ${entry.failed} failed: retried next run)` : ''),
    );
  console.log(
    mismatches ? `${mismatches} object(s) do not match raw` : 'every archived object matches the rows landed',
  );
} finally {
  await client.end();
}
