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
