import { describe, expect, it } from 'vitest';
import { parseExportCommand } from '../../src/export/cli.ts';
import {
  csvField,
  decimalByteLength,
  ExportError,
  numericScale,
  parquetColumn,
  parseDate,
  parseDecimal,
  parseExportTarget,
  parseTimestampMicros,
  partitionPath,
} from '../../src/export/schema.ts';

describe('export value parsing', () => {
  it.each([
    ['1970-01-01 00:00:00+00', 0n],
    ['1970-01-01 00:00:00.000001+00', 1n],
    ['2026-12-03 10:38:55.123456+00', 1796294335123456n],
    ['2026-12-03 11:38:55.123456+01', 1796294335123456n],
    ['2026-12-03T05:08:55.123456-05:30', 1796294335123456n],
    ['2026-12-03 10:38:55.12', 1796294335120000n],
  ])('timestamp %s → %s µs', (text, micros) => {
    expect(parseTimestampMicros(text)).toBe(micros);
  });

  it.each(['infinity', '0044-03-15 00:00:00+00 BC', 'yesterday'])('rejects timestamp %s', (text) => {
    expect(() => parseTimestampMicros(text)).toThrow(ExportError);
  });

  it('dates count days from 1970-01-01', () => {
    expect(parseDate('1970-01-02')).toBe(1);
    expect(parseDate('2026-12-06')).toBe(20793);
    expect(() => parseDate('-infinity')).toThrow(ExportError);
  });

  it.each([
    ['12.5', 2, 5, 1250n],
    ['-0.01', 2, 5, -1n],
    ['100', 3, 38, 100000n],
    ['0', 0, 1, 0n],
  ])('numeric %s at scale %d → %s', (text, scale, precision, unscaled) => {
    expect(parseDecimal(text, scale, precision)).toBe(unscaled);
  });

  it('refuses numerics that would lose digits or are not numbers', () => {
    expect(() => parseDecimal('1.234', 2, 10)).toThrow(/more than 2 decimal places/);
    expect(() => parseDecimal('1000.00', 2, 5)).toThrow(/does not fit decimal\(5,2\)/);
    expect(() => parseDecimal('NaN', 2, 5)).toThrow(ExportError);
  });

  it('numeric scale and decimal byte length', () => {
    expect(numericScale('12')).toBe(0);
    expect(numericScale('12.125')).toBe(3);
    expect(decimalByteLength(5)).toBe(3);
    expect(decimalByteLength(38)).toBe(16);
  });
});

describe('column mapping', () => {
  it('maps PostgreSQL types to Parquet logical types', () => {
    expect(parquetColumn({ name: 'at', type: 'timestamp with time zone' }).elements[0]?.logical_type).toEqual({
      type: 'TIMESTAMP',
      isAdjustedToUTC: true,
      unit: 'MICROS',
    });
    expect(parquetColumn({ name: 's', type: 'numeric(5,2)' }).elements[0]).toMatchObject({ precision: 5, scale: 2 });
    expect(parquetColumn({ name: 'n', type: 'numeric' }, 3).elements[0]).toMatchObject({ precision: 38, scale: 3 });
    expect(parquetColumn({ name: 'id', type: 'bigint' }).convert('9007199254740993')).toBe(9007199254740993n);
  });

  it('lets PostgreSQL compute exact integers for decimals, timestamps and dates', () => {
    const money = parquetColumn({ name: 's', type: 'numeric(5,2)' });
    expect(money.select('"s"')).toBe('trunc("s" * 1e2)::text');
    expect(money.convert('-1250')).toBe(-1250n);
    expect(() => money.convert('100000')).toThrow(/does not fit decimal\(5,2\)/);
    const at = parquetColumn({ name: 'at', type: 'timestamp with time zone' });
    expect(at.select('"at"')).toBe('(extract(epoch from "at") * 1000000)::bigint::text');
    expect(at.convert('1796294335123456')).toBe(1796294335123456n);
    expect(parquetColumn({ name: 'd', type: 'date' }).convert('20793')).toBe(20793);
  });

  it('maps arrays to a three-level LIST and keeps null elements', () => {
    const column = parquetColumn({ name: 'skills', type: 'text[]' });
    expect(column.select('"skills"')).toBe('to_jsonb("skills")');
    expect(column.elements.map((element) => element.name)).toEqual(['skills', 'list', 'element']);
    expect(column.convert('["sql", null]')).toEqual(['sql', null]);
  });

  it('names the column and type it cannot map', () => {
    expect(() => parquetColumn({ name: 'shape', type: 'point' })).toThrow('column "shape" has type point');
  });
});

describe('paths and arguments', () => {
  it('partitions by table and dt', () => {
    expect(partitionPath('/x/', 'fact_jobs', new Date('2026-12-06T23:59:00Z'), 'parquet')).toBe(
      '/x/fact_jobs/dt=2026-12-06/part-00000.parquet',
    );
  });

  it('resolves file URLs and paths, refuses other schemes', () => {
    expect(parseExportTarget('file://out/exports', '/repo')).toBe('/repo/out/exports');
    expect(parseExportTarget('file:///data/x', '/repo')).toBe('/data/x');
    expect(parseExportTarget('rel', '/repo/')).toBe('/repo/rel');
    expect(() => parseExportTarget('s3://bucket/x', '/repo')).toThrow(/only file:\/\/PATH/);
  });

  it('parses the command line', () => {
    const now = new Date('2026-12-06T22:00:00Z');
    expect(parseExportCommand([], now)).toMatchObject({ format: 'parquet', to: 'file://out/exports' });
    expect(parseExportCommand([], now).date.toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(parseExportCommand(['--format', 'csv', '--table', 'fact_jobs'], now)).toMatchObject({
      format: 'csv',
      tables: ['fact_jobs'],
    });
    expect(() => parseExportCommand(['--format', 'xlsx'], now)).toThrow(/parquet or csv/);
    expect(() => parseExportCommand(['--date', '2026-02-30'], now)).toThrow(/calendar date/);
    expect(() => parseExportCommand(['--table', 'profile_preferences'], now)).toThrow(/unknown --table/);
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});
