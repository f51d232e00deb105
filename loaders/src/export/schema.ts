// Pure part of `jobctl export`: which relations are exported, where each file goes, and how a
// PostgreSQL column becomes a Parquet column (schema element + value conversion). No pg, fs or process.
import type { SchemaElement } from 'hyparquet';

export class ExportError extends Error {
  override name = 'ExportError';
}

/** The exported relations, in export order: the three shared marts, then one model per BI dashboard. */
export const EXPORT_RELATIONS = [
  { table: 'fact_jobs', schema: 'marts' },
  { table: 'dim_companies', schema: 'marts' },
  { table: 'dim_ranking', schema: 'marts' },
  { table: 'analytics_skills_demand_weekly', schema: 'analytics' },
  { table: 'analytics_salary_by_location_company_role', schema: 'analytics' },
  { table: 'analytics_job_volumes_daily', schema: 'analytics' },
  { table: 'analytics_company_rating_distribution', schema: 'analytics' },
  { table: 'analytics_ranking_score_distribution', schema: 'analytics' },
] as const;

export type ExportFormat = 'parquet' | 'csv';

/** A column as the catalogue describes it (pg_attribute + format_type). */
export interface PgColumn {
  name: string;
  /** format_type() of the column, e.g. 'numeric(5,2)', 'text[]', 'timestamp with time zone'. */
  type: string;
}

/** How a column is written: its schema elements (one, or three for a list), how it is selected, and
 *  how the selected text becomes the writer's value. */
export interface ParquetColumn {
  name: string;
  elements: SchemaElement[];
  /** The select-list expression for the (already quoted) column identifier. */
  select: (identifier: string) => string;
  /** Converts what `select` returns (text, or JSON for arrays) to the writer's value. */
  convert: (text: unknown) => unknown;
}

// Unbounded numeric has no declared scale; Parquet DECIMAL needs one, so it is taken from the data
// (largest scale present) within the widest precision readers agree on.
export const UNBOUNDED_NUMERIC_PRECISION = 38;

/** Resolve `--to`: file:// URLs and plain paths; anything else is a clear error, not a silent no-op. */
export function parseExportTarget(to: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to) && !to.startsWith('file://')) {
    throw new ExportError(`unsupported export URL "${to}": only file://PATH is written (copy to S3 with aws s3 sync)`);
  }
  const path = to.startsWith('file://') ? to.slice('file://'.length) : to;
  if (!path) throw new ExportError(`export URL "${to}" has no path`);
  return path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
}

/** `<root>/<table>/dt=YYYY-MM-DD/part-00000.<ext>` (Hive-style partition, one part per run). */
export function partitionPath(root: string, table: string, date: Date, format: ExportFormat): string {
  return `${root.replace(/\/$/, '')}/${table}/dt=${date.toISOString().slice(0, 10)}/part-00000.${format}`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?$/;

/** PostgreSQL date text → days since 1970-01-01. */
export function parseDate(text: string): number {
  const match = DATE_PATTERN.exec(text);
  if (!match) throw new ExportError(`cannot export date "${text}" (BC and infinite dates are not supported)`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

/** PostgreSQL timestamp text (optionally with an offset) → microseconds since the epoch, exactly. */
export function parseTimestampMicros(text: string): bigint {
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) throw new ExportError(`cannot export timestamp "${text}" (BC and infinite values are not supported)`);
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh = '0', om = '0', os = '0'] = match;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetSeconds = (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * (sign === '-' ? -1 : 1);
  return (BigInt(millis) - BigInt(offsetSeconds) * 1000n) * 1000n + BigInt(fraction.padEnd(6, '0'));
}

/** Digits after the decimal point of a numeric's text form. */
export function numericScale(text: string): number {
  const point = text.indexOf('.');
  return point === -1 ? 0 : text.length - point - 1;
}

/** numeric text → its unscaled integer at `scale` (exact; never through a float). */
export function parseDecimal(text: string, scale: number, precision: number): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new ExportError(`cannot export numeric "${text}" (NaN or infinity)`);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  if (fraction.length > scale) throw new ExportError(`numeric "${text}" has more than ${scale} decimal places`);
  const digits = `${whole}${fraction.padEnd(scale, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > precision) throw new ExportError(`numeric "${text}" does not fit decimal(${precision},${scale})`);
  const value = BigInt(digits);
  return negative ? -value : value;
}

/** An unscaled decimal PostgreSQL computed, checked against the declared precision. */
export function checkedUnscaled(value: bigint, precision: number, scale: number): bigint {
  const bound = 10n ** BigInt(precision);
  if (value >= bound || value <= -bound) {
    throw new ExportError(`numeric with unscaled value ${value} does not fit decimal(${precision},${scale})`);
  }
  return value;
}

/** Bytes a two's-complement big-endian decimal of `precision` digits needs. */
export function decimalByteLength(precision: number): number {
  return Math.ceil((precision * Math.log2(10) + 1) / 8);
}

interface Scalar {
  element: Omit<SchemaElement, 'name' | 'repetition_type'>;
  /** From PostgreSQL's text form (also used for array elements, which arrive as JSON). */
  convert: (text: unknown) => unknown;
  /** Optional: PostgreSQL does the conversion (C is much faster here), JS only parses an integer. */
  inSql?: { select: (identifier: string) => string; convert: (text: unknown) => unknown };
}

// Integers PostgreSQL computed exactly (unscaled decimals, epoch microseconds, epoch days).
const toBigInt = (value: unknown): bigint => BigInt(asText(value));

const asText = (value: unknown): string => (typeof value === 'string' ? value : String(value));

function scalar(type: string, column: string, observedScale: number): Scalar {
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/.exec(type);
  if (numeric) {
    const precision = numeric[1] ? Number(numeric[1]) : UNBOUNDED_NUMERIC_PRECISION;
    const scale = numeric[2] ? Number(numeric[2]) : Math.min(observedScale, precision);
    return {
      element: {
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: decimalByteLength(precision),
        converted_type: 'DECIMAL',
        logical_type: { type: 'DECIMAL', precision, scale },
        precision,
        scale,
      },
      convert: (value) => parseDecimal(asText(value), scale, precision),
      inSql: {
        // trunc() only drops the zero fraction: no value has more than `scale` decimal places
        // (declared scale, or the largest in the data), so the unscaled integer is exact.
        select: (identifier) => `trunc(${identifier} * 1e${scale})::text`,
        convert: (value) => checkedUnscaled(toBigInt(value), precision, scale),
      },
    };
  }
  switch (type) {
    case 'text':
    case 'character varying':
    case 'character':
    case 'name':
      return {
        element: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
        convert: asText,
      };
    case 'boolean':
      return { element: { type: 'BOOLEAN' }, convert: (value) => value === true || value === 't' || value === 'true' };
    case 'smallint':
    case 'integer':
      return { element: { type: 'INT32' }, convert: (value) => Number(value) };
    case 'bigint':
      return { element: { type: 'INT64' }, convert: (value) => BigInt(asText(value)) };
    case 'real':
      return { element: { type: 'FLOAT' }, convert: (value) => Number(value) };
    case 'double precision':
      return { element: { type: 'DOUBLE' }, convert: (value) => Number(value) };
    case 'date':
      return {
        element: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
        convert: (value) => parseDate(asText(value)),
        inSql: {
          select: (identifier) => `(${identifier} - date '1970-01-01')::text`,
          convert: (value) => Number(value),
        },
      };
    case 'timestamp with time zone':
    case 'timestamp without time zone': {
      const isAdjustedToUTC = type === 'timestamp with time zone';
      return {
        element: {
          type: 'INT64',
          ...(isAdjustedToUTC ? { converted_type: 'TIMESTAMP_MICROS' as const } : {}),
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC, unit: 'MICROS' },
        },
        convert: (value) => parseTimestampMicros(asText(value)),
        inSql: {
          // extract(epoch) is numeric (exact) since PostgreSQL 14; infinity fails the cast, loudly.
          select: (identifier) => `(extract(epoch from ${identifier}) * 1000000)::bigint::text`,
          convert: toBigInt,
        },
      };
    }
    case 'json':
    case 'jsonb':
      return {
        element: { type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } },
        convert: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
      };
    default:
      throw new ExportError(`column "${column}" has type ${type}, which the export cannot map to Parquet`);
  }
}

/**
 * Maps one column. `observedScale` is the largest scale in the data, used only by unbounded numeric
 * (a numeric[] element included). Arrays become a standard three-level Parquet LIST.
 */
export function parquetColumn(column: PgColumn, observedScale = 0): ParquetColumn {
  const isArray = column.type.endsWith('[]');
  const base = scalar(isArray ? column.type.slice(0, -2) : column.type, column.name, observedScale);
  if (!isArray) {
    return {
      name: column.name,
      elements: [{ ...base.element, name: column.name, repetition_type: 'OPTIONAL' } as SchemaElement],
      select: base.inSql?.select ?? ((identifier) => identifier),
      convert: base.inSql?.convert ?? base.convert,
    };
  }
  return {
    name: column.name,
    elements: [
      {
        name: column.name,
        repetition_type: 'OPTIONAL',
        num_children: 1,
        converted_type: 'LIST',
        logical_type: { type: 'LIST' },
      },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { ...base.element, name: 'element', repetition_type: 'OPTIONAL' } as SchemaElement,
    ],
    // Arrays are read as jsonb, so elements arrive as JSON values; null stays null at both levels.
    select: (identifier) => `to_jsonb(${identifier})`,
    convert: (value) => {
      const items = typeof value === 'string' ? JSON.parse(value) : value;
      if (!Array.isArray(items))
        throw new ExportError(`column "${column.name}": expected an array, got ${typeof items}`);
      return items.map((item) => (item === null ? null : base.convert(item)));
    },
  };
}

/** The whole file's schema: a root with one child per column. */
export function parquetSchema(columns: ParquetColumn[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.flatMap((column) => column.elements)];
}

/** One CSV field (RFC 4180): arrays and JSON as their JSON text, everything else as PostgreSQL printed it. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
