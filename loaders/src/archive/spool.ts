// Loads compressed while they land: after each batch commits, the rows it landed are appended, as
// archive NDJSON lines, to the load's gzip stream (compressed on a low-priority worker thread
// beside the next batch, see background-gzip.ts). The archive step after landing then writes that
// body instead of reading the load back from raw and serialising every row a second time. A batch
// whose landed rows are not exactly the rows it was given (it adopted rows, or went the staged
// way) drops its load from the spool: that load is read back from raw as before.
import { CopyBytes, copyTextValueInto } from '../pipeline/copy-text.ts';
import type { Resource, Row } from '../pipeline/resource.ts';
import { BackgroundGzip } from './background-gzip.ts';

// Landed rows as archive NDJSON, one line per row with the table's columns in order, as
// row_to_json writes them. A CopyBytes field is JSON that was landed into a jsonb column: its
// bytes go in as they are, unescaped from COPY text straight into the one output buffer, so the
// large payloads are neither decoded, encoded nor copied twice.
export function archiveLines(rows: readonly Row[], columns: readonly string[]): Buffer {
  const pieces: Array<string | CopyBytes> = [];
  let size = 0;
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as string;
      text += `${i ? ',' : '{'}${JSON.stringify(column)}:`;
      const value = row[column];
      if (value instanceof CopyBytes) {
        pieces.push(text, value);
        // Unescaping only shortens: the escaped length is enough room.
        size += Buffer.byteLength(text) + value.bytes.length;
        text = '';
      } else text += value === null || value === undefined ? 'null' : JSON.stringify(value);
    }
    text += '}\n';
  }
  pieces.push(text);
  size += Buffer.byteLength(text);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of pieces)
    at += typeof piece === 'string' ? out.write(piece, at, 'utf8') : copyTextValueInto(piece.bytes, out, at);
  return out.subarray(0, at);
}

// Rows serialised per event-loop turn: a batch's archive lines are written a slice at a time so the
// next batch's COPY keeps its socket fed in between (a whole batch at once left the server idle
// for ~60 ms after every commit).
const SLICE_ROWS = 100;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SpooledLoad {
  body: Buffer;
  rows: number;
  sha256: string;
}

class LoadBody {
  private readonly gzip = new BackgroundGzip();
  // The batches' serialisation, in landing order.
  private written: Promise<void> = Promise.resolve();
  private destroyed = false;
  rows = 0;

  constructor(readonly resource: Resource) {}

  append(rows: readonly Row[]): void {
    if (!rows.length) return;
    this.rows += rows.length;
    this.written = this.written.then(async () => {
      for (let start = 0; start < rows.length && !this.destroyed; start += SLICE_ROWS) {
        await nextTurn();
        if (!this.destroyed)
          this.gzip.write(archiveLines(rows.slice(start, start + SLICE_ROWS), this.resource.columns));
      }
    });
  }

  async end(): Promise<SpooledLoad> {
    await this.written;
    const { pieces, sha256 } = await this.gzip.end();
    return { body: Buffer.concat(pieces), rows: this.rows, sha256 };
  }

  destroy(): void {
    this.destroyed = true;
    this.gzip.destroy();
  }
}

export class ArchiveSpool {
  private readonly loads = new Map<string, LoadBody | 'dropped'>();

  // The rows a committed batch of this load landed, exactly as they are in the table; null when
  // that is not known (the load is then read back from raw when it is archived).
  landed(resource: Resource, loadId: string, rows: readonly Row[] | null): void {
    const body = this.loads.get(loadId);
    if (body === 'dropped') return;
    if (rows === null) {
      body?.destroy();
      this.loads.set(loadId, 'dropped');
      return;
    }
    if (body) body.append(rows);
    else {
      const fresh = new LoadBody(resource);
      fresh.append(rows);
      this.loads.set(loadId, fresh);
    }
  }

  // The load's archive body, if every batch of it was spooled; the load leaves the spool.
  async take(loadId: string): Promise<SpooledLoad | undefined> {
    const body = this.loads.get(loadId);
    this.loads.delete(loadId);
    return body && body !== 'dropped' ? body.end() : undefined;
  }

  // Forget the loads of this resource still held (loads that failed are never archived).
  release(resource: Resource): void {
    for (const [loadId, body] of this.loads) {
      if (body !== 'dropped' && body.resource.table !== resource.table) continue;
      if (body !== 'dropped') body.destroy();
      this.loads.delete(loadId);
    }
  }
}

// The process's spool: extract-* land into it, the archive step after landing takes from it.
export const landingSpool = new ArchiveSpool();
