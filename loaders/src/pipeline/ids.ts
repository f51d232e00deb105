import { createHash, randomBytes } from 'node:crypto';

// Deterministic surrogate: the same (source, scope, UTC load date, natural id) always hashes to
// the same key, which is what makes a same-day re-run land nothing twice.
export function rawRowId(source: string, scope: string | number, loadDate: string, naturalId: string): string {
  return createHash('sha256').update(`${source}|${scope}|${loadDate}|${naturalId}`).digest('hex').slice(0, 32);
}

// The same, over the received content too: an identical re-delivery hashes to the key already
// landed (nothing added), a changed copy of the same job to a new key (it lands beside the old
// one and staging picks the newest). `content` (bytes) is hashed as given, after the prefix.
export function rawContentRowId(
  source: string,
  scope: string | number,
  loadDate: string,
  naturalId: string,
  content: readonly Uint8Array[],
): string {
  const hash = createHash('sha256').update(`${source}|${scope}|${loadDate}|${naturalId}|`);
  for (const part of content) hash.update(part);
  return hash.digest('hex').slice(0, 32);
}

export const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

// e.g. jsearch.job_postings.20261128T172501Z.p12.9f3a1c: sortable, readable, unique.
export function newLoadId(source: string, resource: string, at: Date, scope?: string | number): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const suffix = randomBytes(3).toString('hex');
  return [source, resource, stamp, scope === undefined ? undefined : `p${scope}`, suffix].filter(Boolean).join('.');
}
