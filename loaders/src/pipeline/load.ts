// The dlt-like raw loader: a load id per (run, resource, scope), a row in raw.dwh_loads that goes
// started → finished|failed, and batches landed with COPY into a temp table, then one
// INSERT … ON CONFLICT into the target — each batch in its own transaction, with its quarantine.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from './copy-text.ts';
import type { Resource, Row } from './resource.ts';

export interface QuarantineRecord {
  reason: string;
  rawText: string;
  profileId?: number | null;
  companyLookupKey?: string | null;
}

export interface LoadCounts {
  rowCount: number;
  quarantinedCount: number;
  apiCallCount: number;
  apiErrorCount: number;
}

export interface BatchResult {
  inserted: number;
  adopted: number;
  skipped: number;
}

export class LoadError extends Error {
  override name = 'LoadError';
}

const ident = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
const tempName = (resource: Resource) =>
  `landing_${resource.sourceSystem}_${resource.name}`.replace(/[^a-z0-9_]/g, '_');

export function insertStatement(resource: Resource): string {
  const columns = resource.columns.map((column) => ident(column)).join(', ');
  const source = `pg_temp.${ident(tempName(resource))}`;
  const key = ident(resource.primaryKey);
  if (resource.writeDisposition === 'append') {
    return `with written as (insert into ${ident(resource.table)} (${columns}) select ${columns} from ${source} returning 1)
      select count(*)::int as inserted, 0 as adopted from written`;
  }
  return `with written as (
      insert into ${ident(resource.table)} as target (${columns})
      select ${columns} from ${source}
      on conflict (${key}) do update
        set dwh_load_id = excluded.dwh_load_id, dwh_load_timestamp = excluded.dwh_load_timestamp
        where target.dwh_load_id is distinct from excluded.dwh_load_id
          and not exists (
            select 1 from raw.dwh_loads as loads
            where loads.load_id = target.dwh_load_id and loads.load_status = 'finished'
          )
      returning (xmax = 0) as is_insert
    )
    select (count(*) filter (where is_insert))::int as inserted,
           (count(*) filter (where not is_insert))::int as adopted
    from written`;
}

export class RawLoader {
  private readonly prepared = new Set<string>();

  constructor(
    private readonly client: pg.PoolClient | pg.Client,
    readonly resource: Resource,
  ) {}

  async beginLoad(load: { loadId: string; profileId?: number | null; dagRunId?: string | null }): Promise<void> {
    await this.client.query(
      `insert into raw.dwh_loads
         (load_id, dwh_source_system, resource_name, profile_id, load_status, row_count, quarantined_count,
          api_call_count, api_error_count, started_at, dag_run_id)
       values ($1, $2, $3, $4, 'started', 0, 0, 0, 0, now(), $5)`,
      [load.loadId, this.resource.sourceSystem, this.resource.name, load.profileId ?? null, load.dagRunId ?? null],
    );
  }

  // A 'started' load of this scope can only be a dead process once we hold the scope lock.
  async abandonStaleLoads(profileId: number | null): Promise<number> {
    const result = await this.client.query(
      `update raw.dwh_loads
          set load_status = 'failed', finished_at = now(),
              error_message = 'abandoned: the process ended before the load finished'
        where load_status = 'started' and dwh_source_system = $1 and resource_name = $2
          and profile_id is not distinct from $3`,
      [this.resource.sourceSystem, this.resource.name, profileId],
    );
    return result.rowCount ?? 0;
  }

  async tryLockScope(scope: string): Promise<boolean> {
    const { rows } = await this.client.query('select pg_try_advisory_lock(hashtext($1)) as locked', [
      `${this.resource.sourceSystem}.${this.resource.name}.${scope}`,
    ]);
    return rows[0].locked === true;
  }

  async unlockScope(scope: string): Promise<void> {
    await this.client.query('select pg_advisory_unlock(hashtext($1))', [
      `${this.resource.sourceSystem}.${this.resource.name}.${scope}`,
    ]);
  }

  private async ensureTemp(): Promise<void> {
    const name = tempName(this.resource);
    if (this.prepared.has(name)) return;
    await this.client.query(
      `create temp table if not exists ${ident(name)} (like ${ident(this.resource.table)}) on commit delete rows`,
    );
    this.prepared.add(name);
  }

  // One atomic batch: rows, their quarantine and any extra statements commit together or not at all.
  async landBatch(
    loadId: string,
    rows: Row[],
    quarantine: QuarantineRecord[] = [],
    extra?: (client: pg.PoolClient | pg.Client) => Promise<void>,
  ): Promise<BatchResult> {
    await this.ensureTemp();
    const { client, resource } = this;
    await client.query('begin');
    try {
      let inserted = 0;
      let adopted = 0;
      if (rows.length) {
        const columns = resource.columns.map((column) => ident(column)).join(', ');
        const copy = client.query(copyFrom(`copy pg_temp.${ident(tempName(resource))} (${columns}) from stdin`));
        await pipeline(Readable.from(copyChunks(rows, resource.columns)), copy);
        const { rows: counts } = await client.query(insertStatement(resource));
        inserted = counts[0].inserted;
        adopted = counts[0].adopted;
      }
      if (quarantine.length) await this.insertQuarantine(loadId, quarantine);
      if (extra) await extra(client);
      await client.query('commit');
      return { inserted, adopted, skipped: rows.length - inserted - adopted };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  }

  async insertQuarantine(loadId: string, records: QuarantineRecord[]): Promise<void> {
    await this.client.query(
      `insert into raw.quarantine (load_id, dwh_source_system, resource_name, profile_id, company_lookup_key, reason, raw_text)
       select $1, $2, $3, profile_id, company_lookup_key, reason, raw_text
       from unnest($4::bigint[], $5::text[], $6::text[], $7::text[]) as q(profile_id, company_lookup_key, reason, raw_text)`,
      [
        loadId,
        this.resource.sourceSystem,
        this.resource.name,
        records.map((record) => record.profileId ?? null),
        records.map((record) => record.companyLookupKey ?? null),
        records.map((record) => record.reason),
        records.map((record) => record.rawText),
      ],
    );
  }

  async endLoad(
    loadId: string,
    status: 'finished' | 'failed',
    counts: LoadCounts,
    errorMessage: string | null = null,
  ): Promise<void> {
    await this.client.query(
      `update raw.dwh_loads
          set load_status = $2, row_count = $3, quarantined_count = $4, api_call_count = $5,
              api_error_count = $6, error_message = $7, finished_at = now()
        where load_id = $1`,
      [
        loadId,
        status,
        counts.rowCount,
        counts.quarantinedCount,
        counts.apiCallCount,
        counts.apiErrorCount,
        errorMessage,
      ],
    );
  }
}

// ~1 MiB chunks keep the COPY stream busy without building one huge string.
function* copyChunks(rows: Row[], columns: readonly string[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyLine(row, columns);
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
