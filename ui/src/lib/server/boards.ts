// The watched career boards (marts.board_sources) for the /sources page. Listing, activating and
// removing are plain SQL; adding and the test fetch go through `jobctl boards add|test`, so the
// ATS list, the token rules and the HTTP client are the loaders' own (one place decides what a
// valid board is). Admin-only like every page (hooks.server.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardSourceRow } from '@jobs/loaders';
import { db } from './db.ts';

// One row of marts.board_sources, as the loaders' board commands read it too.
export type BoardRow = BoardSourceRow;

export interface AtsOption {
  ats: string;
  label: string;
  token_hint: string;
}

export class JobctlUnavailableError extends Error {
  override name = 'JobctlUnavailableError';
}

function jobctlPath(env: Record<string, string | undefined>): string {
  const candidates = [
    env.JOBCTL_PATH,
    join(process.cwd(), 'jobctl', 'bin', 'jobctl.mjs'),
    join(process.cwd(), '..', 'jobctl', 'bin', 'jobctl.mjs'),
  ];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) throw new JobctlUnavailableError('jobctl is not available to the app (set JOBCTL_PATH)');
  return found;
}

export interface JobctlResult {
  code: number;
  summary: Record<string, unknown> | null;
  // The one-line "ErrorName: message" jobctl prints on failure, without the name.
  error: string | null;
}

// Arguments are passed as an array (never through a shell), so a typed token cannot inject.
export function runJobctl(
  args: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<JobctlResult> {
  const jobctl = jobctlPath(env);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [jobctl, ...args],
      { env: { ...env, LOG_LEVEL: 'error' }, timeout: 60_000, maxBuffer: 1024 * 1024 },
      (failure, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        let summary: Record<string, unknown> | null = null;
        try {
          summary = last.startsWith('{') ? JSON.parse(last) : null;
        } catch {
          summary = null;
        }
        const errorLine = stderr
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /^[A-Z][A-Za-z]*Error: /.test(line))
          .at(-1);
        const code = failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0;
        resolve({ code, summary, error: errorLine ? errorLine.replace(/^[A-Za-z]*Error: /, '') : null });
      },
    );
  });
}

let atsCache: AtsOption[] | undefined;

// The ATS modules the loaders know (jobctl boards ats), read once per process.
export async function atsOptions(): Promise<AtsOption[]> {
  if (atsCache) return atsCache;
  const result = await runJobctl(['boards', 'ats']);
  const list = (result.summary?.ats as AtsOption[] | undefined) ?? [];
  if (list.length) atsCache = list;
  return list;
}

export async function listBoards(): Promise<BoardRow[]> {
  const { rows } = await db().query<BoardRow>(
    `select board_source_id, ats, board_token, company_name, is_active, created_at, last_fetched_at,
            last_status, last_error, last_posting_count
       from marts.board_sources order by ats, board_token`,
  );
  return rows;
}

export async function getBoard(id: number): Promise<BoardRow | null> {
  const { rows } = await db().query<BoardRow>(
    `select board_source_id, ats, board_token, company_name, is_active, created_at, last_fetched_at,
            last_status, last_error, last_posting_count
       from marts.board_sources where board_source_id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function setBoardActive(id: number, active: boolean): Promise<boolean> {
  const result = await db().query('update marts.board_sources set is_active = $2 where board_source_id = $1', [
    id,
    active,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function removeBoard(id: number): Promise<boolean> {
  const result = await db().query('delete from marts.board_sources where board_source_id = $1', [id]);
  return (result.rowCount ?? 0) > 0;
}
