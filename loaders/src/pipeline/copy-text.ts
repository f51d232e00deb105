// PostgreSQL COPY text format: one line per row, tab-separated, \N for null. Objects are written
// as JSON (for jsonb columns); serialising here, inside the COPY stream, overlaps it with the
// server's work on the previous chunk.
import type { Row } from './resource.ts';

// A JSON value (for a jsonb column) already in COPY text form, as UTF-8 bytes. Large payloads are encoded once, where their
// key is hashed, and the same bytes go to the COPY stream (no second encoding, no second scan).
export class CopyBytes {
  constructor(readonly bytes: Buffer) {}
}

// JSON text (JSON.stringify output) never holds a raw tab, CR or LF: JSON escapes them. Doubling
// its backslashes is all COPY text needs.
export function jsonToCopyBytes(jsonText: string): CopyBytes {
  const copyText = jsonText.includes('\\') ? jsonText.replaceAll('\\', '\\\\') : jsonText;
  return new CopyBytes(Buffer.from(copyText, 'utf8'));
}

const BACKSLASH = 0x5c;
// What escapeText writes for a raw LF, CR and tab; any other escaped byte stands for itself.
const UNESCAPED: Record<number, number> = { 110: 0x0a, 114: 0x0d, 116: 0x09 };

// COPY text bytes back to the value's UTF-8 bytes, without decoding to a string, written into `out`
// at `offset` (it needs at most bytes.length there); returns the number of bytes written. The
// archive writes landed payloads this way, straight into its line buffer.
export function copyTextValueInto(bytes: Buffer, out: Buffer, offset: number): number {
  let to = offset;
  let from = 0;
  for (let at = bytes.indexOf(BACKSLASH); at >= 0; at = bytes.indexOf(BACKSLASH, from)) {
    to += bytes.copy(out, to, from, at);
    const escaped = bytes[at + 1] as number;
    out[to++] = UNESCAPED[escaped] ?? escaped;
    from = at + 2;
  }
  to += bytes.copy(out, to, from);
  return to - offset;
}

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
  if (value instanceof CopyBytes) return value.bytes.toString('utf8');
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

// Rows as COPY text in ~1 MiB Buffers: text columns are joined as strings, CopyBytes fields are
// spliced in as they are.
export function* copyChunks(rows: Row[], columns: readonly string[], chunkBytes = 1 << 20): Generator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  let text = '';
  const takeText = () => {
    if (!text) return;
    const bytes = Buffer.from(text, 'utf8');
    parts.push(bytes);
    size += bytes.length;
    text = '';
  };
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i) text += '\t';
      const value = row[columns[i] as string];
      if (value instanceof CopyBytes) {
        takeText();
        parts.push(value.bytes);
        size += value.bytes.length;
      } else text += copyField(value);
    }
    text += '\n';
    if (size + text.length >= chunkBytes) {
      takeText();
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  takeText();
  if (size) yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
}
