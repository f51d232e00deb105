// What a source declares about each resource it lands (dlt's @resource): name, target table,
// columns, primary key and write disposition. Adding a source = one folder under sources/ that
// exports a Resource and a function that turns its API answers into rows.
import type { CopyBytes } from './copy-text.ts';

export type WriteDisposition =
  // plain INSERT of every row
  | 'append'
  // INSERT … ON CONFLICT (primary key): existing rows stay (first copy wins); rows whose load
  // never finished are adopted by the current load so a re-run completes a crashed day.
  | 'insert_new';

export interface Resource {
  name: string;
  sourceSystem: string;
  table: string;
  columns: readonly string[];
  primaryKey: string;
  writeDisposition: WriteDisposition;
}

// A jsonb value may be given as the object itself (serialised while streaming the COPY) or as
// CopyBytes (already encoded, e.g. because its key was hashed over those bytes).
export type Row = Record<string, string | number | null | CopyBytes | Record<string, unknown>>;
