// I/O part of `jobctl export`: read each relation from PostgreSQL as text and write one Parquet (or
// CSV) file per relation under a dt= partition. Mapping decisions live in schema.ts.
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import pg from 'pg';
import {
  csvField,
  EXPORT_RELATIONS,
  ExportError,
  type ExportFormat,
  type ParquetColumn,
  type PgColumn,
  parquetColumn,
  parquetSchema,
  partitionPath,
} from './schema.ts';

export interface ExportOptions {
  databaseUrl: string;
  root: string;
  format: ExportFormat;
  date: Date;
  /** Only these tables (default: all of EXPORT_RELATIONS). */
  tables?: string[];
}

export interface TableExport {
  schema: string;
  table: string;
  rows: number;
  path: string;
  bytes: number;
}

export interface ExportSummary {
  command: 'export';
  status: 'ok';
  format: ExportFormat;
  root: string;
  dt: string;
  tables: TableExport[];
}

// Every value arrives as PostgreSQL's text form, so numerics, bigints and microsecond timestamps are
// converted exactly by schema.ts instead of through JavaScript numbers and Dates.
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

async function columnsOf(client: pg.Client, schema: string, table: string): Promise<PgColumn[]> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `select attribute.attname as name, format_type(attribute.atttypid, attribute.atttypmod) as type
     from pg_attribute as attribute
     where attribute.attrelid = to_regclass(format('%I.%I', $1::text, $2::text))
       and attribute.attnum > 0 and not attribute.attisdropped
     order by attribute.attnum`,
    [schema, table],
  );
  if (rows.length === 0)
    throw new ExportError(`${schema}.${table} does not exist: build the warehouse (dbt run) first`);
  return rows;
}

async function exportTable(
  client: pg.Client,
  relation: { schema: string; table: string },
  options: ExportOptions,
): Promise<TableExport> {
  const columns = await columnsOf(client, relation.schema, relation.table);
  const from = `${client.escapeIdentifier(relation.schema)}.${client.escapeIdentifier(relation.table)}`;
  const unbounded = columns.filter((column) => column.type === 'numeric');
  const scales = new Map<string, number>();
  if (unbounded.length > 0) {
    const { rows } = await client.query({
      text: `select ${unbounded.map((column) => `coalesce(max(scale(${client.escapeIdentifier(column.name)})), 0)`).join(', ')} from ${from}`,
      rowMode: 'array',
    });
    unbounded.forEach((column, index) => {
      scales.set(column.name, Number(rows[0]?.[index] ?? 0));
    });
  }
  const mapped: ParquetColumn[] = columns.map((column) => parquetColumn(column, scales.get(column.name) ?? 0));
  const select = mapped
    .map((column) => {
      const name = client.escapeIdentifier(column.name);
      return `${column.select(name)} as ${name}`;
    })
    .join(', ');
  const { rows } = await client.query<unknown[]>({ text: `select ${select} from ${from}`, rowMode: 'array' });

  const path = partitionPath(options.root, relation.table, options.date, options.format);
  await mkdir(dirname(path), { recursive: true });
  // Written beside the target and renamed, so a reader never sees a half-written part.
  const partial = `${path}.partial`;
  if (options.format === 'parquet') {
    const columnData = mapped.map((column, index) => ({
      name: column.name,
      data: rows.map((row) => (row[index] === null ? null : column.convert(row[index]))),
    }));
    await parquetWriteFile({
      filename: partial,
      columnData,
      schema: parquetSchema(mapped),
      kvMetadata: [{ key: 'source', value: `postgresql:${relation.schema}.${relation.table}` }],
      createdBy: 'jobctl export',
    });
  } else {
    const lines = [mapped.map((column) => csvField(column.name)).join(',')];
    for (const row of rows) lines.push(row.map(csvField).join(','));
    await writeFile(partial, `${lines.join('\n')}\n`);
  }
  await rename(partial, path);
  return { schema: relation.schema, table: relation.table, rows: rows.length, path, bytes: (await stat(path)).size };
}

export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const wanted = options.tables ?? EXPORT_RELATIONS.map((relation) => relation.table);
  const unknown = wanted.filter((table) => !EXPORT_RELATIONS.some((relation) => relation.table === table));
  if (unknown.length > 0) throw new ExportError(`unknown export table(s): ${unknown.join(', ')}`);
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    types: rawText,
    application_name: 'jobctl export',
  });
  await client.connect();
  try {
    await client.query("set time zone 'UTC'");
    // One snapshot for every table, so the files agree with each other.
    await client.query('begin transaction isolation level repeatable read read only');
    const tables: TableExport[] = [];
    for (const relation of EXPORT_RELATIONS) {
      if (wanted.includes(relation.table)) tables.push(await exportTable(client, relation, options));
    }
    await client.query('commit');
    return {
      command: 'export',
      status: 'ok',
      format: options.format,
      root: options.root,
      dt: options.date.toISOString().slice(0, 10),
      tables,
    };
  } finally {
    await client.end();
  }
}
