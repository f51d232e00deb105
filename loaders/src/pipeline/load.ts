// The dlt-like raw loader: a load id per (run, resource, scope), a row in raw.dwh_loads that goes
// started → finished|failed, and batches landed with COPY — each batch in its own transaction,
// with its quarantine. Rows whose key already exists are skipped (first copy wins); rows left by
// a load that never finished are adopted by the current load, so a re-run completes a crashed day.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ArchiveSpool } from '../archive/spool.ts';
import { copyChunks } from './copy-text.ts';
import type { Resource, Row } from './resource.ts';

export interface QuarantineRecord {
  reason: string;
  rawText: string;
  // Length of the received text before it was cut for quarantine (defaults to rawText's).
  rawLength?: number;
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

// The load's own connection failed (e.g. the server ended it mid-COPY): its outcome could not be
// recorded on that connection. The caller records it on a fresh one and stops the run.
export class LoadInterruptedError extends LoadError {
  override name = 'LoadInterruptedError';
  constructor(
    readonly loadId: string,
    readonly reason: string,
  ) {
    super(`load ${loadId} was interrupted: ${reason}`);
  }
}

// On a fresh connection: the load's own is gone. The next run would also mark it (abandoned),
// but the reason is better recorded now.
export async function markLoadFailed(pool: pg.Pool, loadId: string, reason: string): Promise<boolean> {
  const result = await pool.query(
    `update raw.dwh_loads set load_status = 'failed', finished_at = now(), error_message = $2
      where load_id = $1 and load_status = 'started'`,
    [loadId, reason],
  );
  return (result.rowCount ?? 0) > 0;
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
    // 'direct' COPYs new rows straight into the target (falls back to 'staged' on a key race);
    // 'staged' always goes through a temp table and INSERT … ON CONFLICT.
    private readonly strategy: 'direct' | 'staged' = 'direct',
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
    return (await this.landTracked(loadId, rows, quarantine, extra)).result;
  }

  // landBatch, also saying which of the given rows are now in the table exactly as given: every
  // landed row when the batch only inserted, null when it adopted rows or went the staged way
  // (the table then holds rows that are not, or not known to be, among the given ones).
  async landTracked(
    loadId: string,
    rows: Row[],
    quarantine: QuarantineRecord[] = [],
    extra?: (client: pg.PoolClient | pg.Client) => Promise<void>,
  ): Promise<{ result: BatchResult; landed: Row[] | null }> {
    try {
      return await this.transaction(loadId, rows, quarantine, extra, this.strategy);
    } catch (error) {
      // Someone else inserted one of these keys between our check and our COPY (a second writer
      // without the scope lock): redo the batch the slow, conflict-proof way.
      const raced = (error as { code?: string }).code === '23505' && this.strategy === 'direct';
      if (!raced || this.resource.writeDisposition !== 'insert_new') throw error;
      return this.transaction(loadId, rows, quarantine, extra, 'staged');
    }
  }

  private async transaction(
    loadId: string,
    rows: Row[],
    quarantine: QuarantineRecord[],
    extra: ((client: pg.PoolClient | pg.Client) => Promise<void>) | undefined,
    mode: 'direct' | 'staged',
  ): Promise<{ result: BatchResult; landed: Row[] | null }> {
    const { client } = this;
    await client.query('begin');
    try {
      let landed: { result: BatchResult; landed: Row[] | null } = {
        result: { inserted: 0, adopted: 0, skipped: 0 },
        landed: [],
      };
      if (rows.length)
        landed =
          mode === 'direct' ? await this.copyDirect(rows) : { result: await this.copyStaged(rows), landed: null };
      if (quarantine.length) await this.insertQuarantine(loadId, quarantine);
      if (extra) await extra(client);
      await client.query('commit');
      return landed;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  }

  // COPY text format: measured faster on the server than CSV for these rows (see bench/loaders).
  private async copyInto(target: string, rows: Row[]): Promise<void> {
    const columns = this.resource.columns.map((column) => ident(column)).join(', ');
    const copy = this.client.query(copyFrom(`copy ${target} (${columns}) from stdin`));
    await pipeline(Readable.from(copyChunks(rows, this.resource.columns)), copy);
  }

  // Fast path: look the batch's keys up, adopt rows left by unfinished loads, COPY only new rows
  // straight into the target. As fast as a bare COPY; the primary key still forbids any duplicate.
  private async copyDirect(rows: Row[]): Promise<{ result: BatchResult; landed: Row[] | null }> {
    const { resource, client } = this;
    const key = resource.primaryKey;
    const unique = new Map<string, Row>();
    for (const row of rows) if (!unique.has(String(row[key]))) unique.set(String(row[key]), row);
    if (resource.writeDisposition === 'append') {
      const landed = [...unique.values()];
      await this.copyInto(ident(resource.table), landed);
      return { result: { inserted: unique.size, adopted: 0, skipped: rows.length - unique.size }, landed };
    }
    const { rows: existing } = await client.query(
      `select target.${ident(key)} as key, target.dwh_load_id as load_id,
              exists (select 1 from raw.dwh_loads as loads
                       where loads.load_id = target.dwh_load_id and loads.load_status = 'finished') as trusted
         from ${ident(resource.table)} as target
        where target.${ident(key)} = any($1::text[])`,
      [[...unique.keys()]],
    );
    const sample = unique.values().next().value as Row;
    const orphans: string[] = [];
    for (const found of existing) {
      unique.delete(found.key);
      if (!found.trusted && found.load_id !== sample.dwh_load_id) orphans.push(found.key);
    }
    if (orphans.length) {
      await client.query(
        `update ${ident(resource.table)} set dwh_load_id = $2, dwh_load_timestamp = $3 where ${ident(key)} = any($1::text[])`,
        [orphans, sample.dwh_load_id, sample.dwh_load_timestamp],
      );
    }
    const landed = [...unique.values()];
    if (landed.length) await this.copyInto(ident(resource.table), landed);
    return {
      result: {
        inserted: landed.length,
        adopted: orphans.length,
        skipped: rows.length - landed.length - orphans.length,
      },
      landed: orphans.length ? null : landed,
    };
  }

  // Conflict-proof path: COPY into a temp table, then INSERT … ON CONFLICT into the target.
  private async copyStaged(rows: Row[]): Promise<BatchResult> {
    await this.ensureTemp();
    const unique = new Map<string, Row>();
    for (const row of rows)
      if (!unique.has(String(row[this.resource.primaryKey]))) unique.set(String(row[this.resource.primaryKey]), row);
    await this.copyInto(`pg_temp.${ident(tempName(this.resource))}`, [...unique.values()]);
    const { rows: counts } = await this.client.query(insertStatement(this.resource));
    return {
      inserted: counts[0].inserted,
      adopted: counts[0].adopted,
      skipped: rows.length - counts[0].inserted - counts[0].adopted,
    };
  }

  async insertQuarantine(loadId: string, records: QuarantineRecord[]): Promise<void> {
    await this.client.query(
      `insert into raw.quarantine
         (load_id, dwh_source_system, resource_name, profile_id, company_lookup_key, reason, raw_text, raw_text_length)
       select $1, $2, $3, profile_id, company_lookup_key, reason, raw_text, raw_text_length
       from unnest($4::bigint[], $5::text[], $6::text[], $7::text[], $8::bigint[])
         as q(profile_id, company_lookup_key, reason, raw_text, raw_text_length)`,
      [
        loadId,
        this.resource.sourceSystem,
        this.resource.name,
        records.map((record) => record.profileId ?? null),
        records.map((record) => record.companyLookupKey ?? null),
        records.map((record) => record.reason),
        records.map((record) => record.rawText),
        records.map((record) => record.rawLength ?? record.rawText.length),
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

// How long building the next batch may hold the event loop while a batch is in flight. Each of
// the batch's round trips (begin, key lookup, COPY, commit) waits for the next turn, so this is
// server idle time: 5 ms left the server idle ~10% of a bulk load (bench-loaders' ratio to psql
// \copy 0.90 -> 0.95-0.98 at 1 ms, with the same server CPU).
const YIELD_EVERY_MS = 1;

export interface WriterTotals {
  inserted: number;
  adopted: number;
  skipped: number;
  quarantined: number;
}

// Buffers rows into batches and keeps one batch in flight: while the server works on batch N,
// the caller builds batch N+1 (fetching, parsing, validating). Each batch is still atomic.
// With an archive spool, the rows each batch landed are compressed for the archive after it commits.
export class BatchWriter {
  private rows: Row[] = [];
  private quarantine: QuarantineRecord[] = [];
  private inFlight: Promise<void> | null = null;
  private failure: unknown = null;
  private lastYield = 0;
  readonly totals: WriterTotals = { inserted: 0, adopted: 0, skipped: 0, quarantined: 0 };

  constructor(
    private readonly loader: RawLoader,
    private readonly loadId: string,
    private readonly batchSize: number,
    private readonly onBatch?: (totals: WriterTotals) => void,
    // When given, each committed batch's landed rows are compressed for the archive as it goes.
    private readonly archive?: ArchiveSpool,
  ) {}

  async add(row: Row): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.batchSize) await this.flush(false);
    else if (this.inFlight && performance.now() - this.lastYield > YIELD_EVERY_MS) {
      // A caller that feeds rows from already-buffered input never leaves the microtask queue,
      // so the batch in flight would wait for its COPY socket to be drained (and for the answer
      // to each of its queries) until the caller pauses: give I/O a turn now and then.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
    }
  }

  addQuarantine(record: QuarantineRecord): void {
    this.quarantine.push(record);
  }

  private async settle(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    this.inFlight = null;
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
  }

  async flush(wait = true): Promise<void> {
    await this.settle();
    if (this.rows.length || this.quarantine.length) {
      const rows = this.rows;
      const quarantine = this.quarantine;
      this.rows = [];
      this.quarantine = [];
      this.inFlight = this.loader.landTracked(this.loadId, rows, quarantine).then(
        ({ result, landed }) => {
          this.archive?.landed(this.loader.resource, this.loadId, landed);
          this.totals.inserted += result.inserted;
          this.totals.adopted += result.adopted;
          this.totals.skipped += result.skipped;
          this.totals.quarantined += quarantine.length;
          this.onBatch?.(this.totals);
        },
        (error) => {
          this.failure = error;
        },
      );
    }
    if (wait) await this.settle();
  }
}
