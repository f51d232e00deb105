// marts.board_sources: the watched career boards (one row per ATS + board token), written by
// `jobctl boards add|remove` and the app's /sources page, read by extract-boards and dbt.
import type pg from 'pg';
import { checkBoardToken } from '../sources/boards/client.ts';
import { boardSource } from '../sources/boards/registry.ts';

export interface BoardSourceRow {
  board_source_id: number;
  ats: string;
  board_token: string;
  company_name: string | null;
  is_active: boolean;
  created_at: Date;
  last_fetched_at: Date | null;
  last_status: string | null;
  last_error: string | null;
  last_posting_count: number | null;
}

export class BoardSourceError extends Error {
  override name = 'BoardSourceError';
}

const COLUMNS = `board_source_id::int as board_source_id, ats, board_token, company_name, is_active, created_at,
  last_fetched_at, last_status, last_error, last_posting_count`;

// Validated input for a new board: a known ATS, a token of its form, a company name that is text.
export function boardInput(input: { ats: string; board: string; company?: string | null }) {
  const source = boardSource(input.ats.trim().toLowerCase());
  const token = checkBoardToken(source, input.board);
  const company = input.company?.trim() || null;
  if (company && company.length > 200) throw new BoardSourceError('company name is longer than 200 characters');
  return { ats: source.ats, token, company };
}

export async function addBoard(
  client: pg.ClientBase | pg.Pool,
  input: { ats: string; board: string; company?: string | null },
): Promise<{ row: BoardSourceRow; created: boolean }> {
  const { ats, token, company } = boardInput(input);
  // Re-adding a removed or inactive board re-activates it (and may set its company).
  const { rows } = await client.query(
    `insert into marts.board_sources (ats, board_token, company_name, is_active, created_at)
     values ($1, $2, $3, true, now())
     on conflict (ats, board_token) do update
       set is_active = true, company_name = coalesce(excluded.company_name, board_sources.company_name)
     returning ${COLUMNS}, (xmax = 0) as created`,
    [ats, token, company],
  );
  const { created, ...row } = rows[0];
  return { row, created };
}

export async function listBoards(client: pg.ClientBase | pg.Pool, onlyActive = false): Promise<BoardSourceRow[]> {
  const { rows } = await client.query(
    `select ${COLUMNS} from marts.board_sources ${onlyActive ? 'where is_active' : ''} order by ats, board_token`,
  );
  return rows;
}

// Removing stops watching; the board's postings stay in the warehouse (as they were last seen).
export async function removeBoard(client: pg.ClientBase | pg.Pool, ats: string, board: string): Promise<boolean> {
  const result = await client.query('delete from marts.board_sources where ats = $1 and board_token = $2', [
    ats.trim().toLowerCase(),
    board.trim(),
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function recordBoardFetch(
  client: pg.ClientBase | pg.Pool,
  boardSourceId: number,
  outcome: { status: string; error: string | null; postings: number | null },
): Promise<void> {
  await client.query(
    `update marts.board_sources
        set last_fetched_at = now(), last_status = $2, last_error = $3,
            last_posting_count = coalesce($4, last_posting_count)
      where board_source_id = $1`,
    [boardSourceId, outcome.status, outcome.error, outcome.postings],
  );
}
