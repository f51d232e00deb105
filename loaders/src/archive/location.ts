// Where archive objects go and what they are called (pure). ARCHIVE_URL is file://DIR or
// s3://BUCKET[/PREFIX]; without it the archive is the local folder out/archive/ of the repository.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config.ts';

export type ArchiveLocation =
  | { kind: 'file'; dir: string; url: string }
  | { kind: 's3'; bucket: string; prefix: string; url: string; endpoint?: string; kmsKeyId?: string };

type Env = Record<string, string | undefined>;

export function archiveLocation(env: Env, defaultDir: string): ArchiveLocation {
  const raw = env.ARCHIVE_URL?.trim();
  if (!raw) return { kind: 'file', dir: defaultDir, url: `file://${defaultDir}` };
  if (raw.startsWith('s3://')) {
    const rest = raw.slice('s3://'.length);
    const [bucket = '', ...path] = rest.split('/');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      throw new ConfigError(`ARCHIVE_URL has no valid bucket name: "${raw}"`);
    const prefix = path.filter(Boolean).join('/');
    return {
      kind: 's3',
      bucket,
      prefix,
      url: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
      endpoint: env.AWS_ENDPOINT_URL?.trim() || undefined,
      kmsKeyId: env.ARCHIVE_KMS_KEY_ID?.trim() || undefined,
    };
  }
  if (raw.startsWith('file:')) {
    // file://relative/dir is read as relative to the working directory, like a plain path.
    const dir = raw.startsWith('file:///') ? fileURLToPath(raw) : resolve(raw.replace(/^file:(\/\/)?/, ''));
    return { kind: 'file', dir, url: `file://${dir}` };
  }
  if (isAbsolute(raw)) return { kind: 'file', dir: raw, url: `file://${raw}` };
  throw new ConfigError(`ARCHIVE_URL must be file://… or s3://bucket/prefix, got "${raw}"`);
}

// raw/jsearch_job_postings/2026/12/03/<load_id>.ndjson.gz (UTC load date).
export function objectKey(table: string, loadDate: string, loadId: string, suffix: '.ndjson.gz' | '.manifest.json') {
  const tableName = table.replace(/^raw\./, '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(loadDate)) throw new Error(`bad load date "${loadDate}"`);
  return `raw/${tableName}/${loadDate.replaceAll('-', '/')}/${loadId}${suffix}`;
}

export const dayPrefix = (table: string, day: string) =>
  `raw/${table.replace(/^raw\./, '')}/${day.replaceAll('-', '/')}/`;

// Every UTC day from..to inclusive (YYYY-MM-DD).
export function daysBetween(from: string, to: string): string[] {
  const valid = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));
  if (!valid(from) || !valid(to)) throw new ConfigError(`dates must be YYYY-MM-DD, got "${from}" and "${to}"`);
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  if (!days.length) throw new ConfigError(`--to ${to} is before --from ${from}`);
  if (days.length > 3660) throw new ConfigError('a restore covers at most ten years');
  return days;
}

export interface Manifest {
  load_id: string;
  source: string;
  resource: string;
  table: string;
  row_count: number;
  sha256: string;
  bytes: number;
  archived_at: string;
  // The raw.dwh_loads row, so a restore re-creates the load exactly as it was.
  load: Record<string, unknown>;
}
