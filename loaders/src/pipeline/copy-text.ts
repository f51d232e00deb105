// PostgreSQL COPY text format: one line per row, tab-separated, \N for null. Objects are written
// as JSON (for jsonb columns); serialising here, inside the COPY stream, overlaps it with the
// server's work on the previous chunk.
import type { Row } from './resource.ts';

const SPECIAL = /[\\\n\r\t]/;
const CONTROL = /[\n\r\t]/;

function escapeText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  const doubled = text.replaceAll('\\', '\\\\');
  if (!CONTROL.test(doubled)) return doubled;
  return doubled.replace(/[\n\r\t]/g, (char) => (char === '\n' ? '\\n' : char === '\r' ? '\\r' : '\\t'));
}

export function copyField(value: Row[string] | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'object') return escapeText(JSON.stringify(value));
  return escapeText(String(value));
}

export function copyLine(row: Row, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i) line += '\t';
    line += copyField(row[columns[i] as string]);
  }
  return `${line}\n`;
}

// CSV with \x01 as quote and \x02 as delimiter: JSON text never holds a raw control character
// (JSON.stringify escapes them), so JSON goes through verbatim — no per-byte escaping at all.
// Only for rows whose string fields are free of those bytes and of line breaks (see csvSafe).
export const RAW_CSV_OPTIONS = "format csv, quote e'\\x01', delimiter e'\\x02'";
// biome-ignore lint/suspicious/noControlCharactersInRegex: these bytes are the CSV quote and delimiter
const CSV_UNSAFE = /[\x01\x02\n\r]/;

export function csvSafe(rows: Row[], columns: readonly string[]): boolean {
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'string' && (value === '' || CSV_UNSAFE.test(value))) return false;
    }
  }
  return true;
}

export function csvLine(row: Row, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i) line += '\x02';
    const value = row[columns[i] as string];
    // An unquoted empty field is NULL in CSV.
    if (value === null || value === undefined) continue;
    line += typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return `${line}\n`;
}
