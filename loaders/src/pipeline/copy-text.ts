// PostgreSQL COPY text format: one line per row, tab-separated, \N for null.
import type { Row } from './resource.ts';

const SPECIAL = /[\\\n\r\t]/;

export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : '\\t',
  );
}

export function copyLine(row: Row, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i) line += '\t';
    line += copyField(row[columns[i] as string]);
  }
  return `${line}\n`;
}
