// Loads compressed while they land: after each batch commits, the rows it landed are appended, as
// archive NDJSON lines, to the load's gzip stream (zlib works on the thread pool, beside the next
// batch). The archive step after landing then writes that body instead of reading the load back
// from raw and serialising every row a second time. A batch whose landed rows are not exactly the
// rows it was given (it adopted rows, or went the staged way) drops its load from the spool: that
// load is read back from raw as before.
import { createHash } from 'node:crypto';
import { createGzip, type Gzip } from 'node:zlib';
import { CopyBytes } from '../pipeline/copy-text.ts';
import type { Resource, Row } from '../pipeline/resource.ts';

// One field of an archive line: the value as JSON, as row_to_json gives it for the landed row
// (JSON text of a jsonb column as it was landed, so restoring it lands the same value).
function jsonField(value: Row[string] | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof CopyBytes) return value.json ?? fromCopyText(value.bytes.toString('utf8'));
  return JSON.stringify(value);
}

// COPY text back to the value it encodes (only for CopyBytes made without their JSON text).
function fromCopyText(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) =>
    char === 'n' ? '\n' : char === 'r' ? '\r' : char === 't' ? '\t' : char,
  );
}

// A landed row as one archive line: the table's columns in order, as row_to_json writes them.
export function archiveLine(row: Row, columns: readonly string[]): string {
  let line = '{';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as string;
    line += `${i ? ',' : ''}${JSON.stringify(column)}:${jsonField(row[column])}`;
  }
  return `${line}}\n`;
}

export interface SpooledLoad {
  body: Buffer;
  rows: number;
  sha256: string;
}

class LoadBody {
  // zlib hands its output back to the main thread one chunkSize at a time, and the main thread is
  // busy landing: 16 KiB (the default) capped compression at one small chunk per event-loop turn.
  private readonly gzip: Gzip = createGzip({ level: 1, chunkSize: 1 << 20 });
  private readonly chunks: Buffer[] = [];
  private readonly hash = createHash('sha256');
  private readonly ended: Promise<void>;
  rows = 0;

  constructor(readonly resource: Resource) {
    this.gzip.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.hash.update(chunk);
    });
    this.ended = new Promise<void>((resolve, reject) => {
      this.gzip.once('end', resolve);
      this.gzip.once('error', reject);
    });
    this.ended.catch(() => undefined);
  }

  append(rows: readonly Row[]): void {
    if (!rows.length) return;
    let text = '';
    for (const row of rows) text += archiveLine(row, this.resource.columns);
    this.gzip.write(text);
    this.rows += rows.length;
  }

  async end(): Promise<SpooledLoad> {
    this.gzip.end();
    await this.ended;
    return { body: Buffer.concat(this.chunks), rows: this.rows, sha256: this.hash.digest('hex') };
  }

  destroy(): void {
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
