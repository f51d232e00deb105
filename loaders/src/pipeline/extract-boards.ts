// extract-boards: every active watched board (marts.board_sources), one load each, through its
// ATS module (sources/boards/<ats>/source.ts), the one HTTP client and the raw loader, into
// raw.board_job_postings. A board that fails (404 for a wrong token, 5xx, garbage) is recorded
// with a clear status and the next board still runs. Each successful fetch also records which
// postings the board listed (raw.board_fetches): a posting missing from a later fetch has been
// taken off the board, and dbt expires it (board_removed_at).
import type pg from 'pg';
import type { LoaderConfig } from '../config.ts';
import { type ApiCallStats, newStats } from '../http/client.ts';
import type { Logger } from '../log.ts';
import { BoardClients } from '../sources/boards/client.ts';
import { BOARD_SOURCES } from '../sources/boards/registry.ts';
import type { BoardSource } from '../sources/boards/types.ts';
import { type BoardSourceRow, listBoards, recordBoardFetch } from './board-sources.ts';
import { jsonToCopyBytes } from './copy-text.ts';
import { newLoadId, rawContentRowId, utcDate } from './ids.ts';
import { BatchWriter, RawLoader } from './load.ts';
import { type BoardAnswer, boardAnswer, isRequestError } from './page-plan.ts';
import type { Resource, Row } from './resource.ts';
import { toStorable } from './validate.ts';

export type BoardStatus = 'ok' | 'not_found' | 'failed' | 'skipped';

export interface BoardOutcome {
  board_source_id: number;
  ats: string;
  board_token: string;
  load_id: string | null;
  status: BoardStatus;
  postings_received: number;
  rows_landed: number;
  duplicates_skipped: number;
  quarantined: number;
  api_calls: number;
  retries: number;
  duration_s: number;
  error: string | null;
}

export interface ExtractBoardsSummary {
  command: 'extract-boards';
  run_id: string | null;
  status: 'success' | 'partial' | 'failed' | 'skipped' | 'nothing_to_do';
  boards: BoardOutcome[];
  // Postings each source's boards listed in this run, e.g. {"greenhouse": 12, "lever": 9}.
  postings_by_source: Record<string, number>;
  totals: { boards: number; succeeded: number; failed: number; rows_landed: number; quarantined: number };
}

export function boardPostingsResource(ats: string): Resource {
  return {
    name: 'board_job_postings',
    sourceSystem: ats,
    table: 'raw.board_job_postings',
    columns: [
      'raw_board_posting_id',
      'ats',
      'board_token',
      'posting_id',
      'raw_payload',
      'board_source_id',
      'dwh_load_id',
      'dwh_load_date',
      'dwh_load_timestamp',
      'dwh_source_system',
    ],
    primaryKey: 'raw_board_posting_id',
    writeDisposition: 'insert_new',
  };
}

// Keyed on (ats, board, UTC day, posting id, content) like JSearch's: an unchanged posting lands
// once a day, an edited one lands again and staging keeps the newest.
export function boardPostingRow(
  board: Pick<BoardSourceRow, 'ats' | 'board_token' | 'board_source_id'>,
  item: Record<string, unknown>,
  postingId: string,
  stamp: { loadId: string; loadDate: string; loadTimestamp: string },
): Row {
  const payload = jsonToCopyBytes(JSON.stringify(item));
  return {
    raw_board_posting_id: rawContentRowId(board.ats, board.board_token, stamp.loadDate, postingId, [payload.bytes]),
    ats: board.ats,
    board_token: board.board_token,
    posting_id: postingId,
    raw_payload: payload,
    board_source_id: board.board_source_id,
    dwh_load_id: stamp.loadId,
    dwh_load_date: stamp.loadDate,
    dwh_load_timestamp: stamp.loadTimestamp,
    dwh_source_system: board.ats,
  };
}

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export async function extractBoard(
  client: pg.PoolClient,
  clients: BoardClients,
  config: LoaderConfig,
  logger: Logger,
  board: BoardSourceRow,
  options: { runId?: string; now?: () => Date },
): Promise<BoardOutcome> {
  const started = Date.now();
  const now = options.now?.() ?? new Date();
  const stats: ApiCallStats = newStats();
  const outcome: BoardOutcome = {
    board_source_id: board.board_source_id,
    ats: board.ats,
    board_token: board.board_token,
    load_id: null,
    status: 'ok',
    postings_received: 0,
    rows_landed: 0,
    duplicates_skipped: 0,
    quarantined: 0,
    api_calls: 0,
    retries: 0,
    duration_s: 0,
    error: null,
  };
  const log = logger.child({ ats: board.ats, board: board.board_token });
  const source: BoardSource | undefined = BOARD_SOURCES.get(board.ats);
  if (!source) {
    outcome.status = 'failed';
    outcome.error = `unknown ATS "${board.ats}" (one of: ${[...BOARD_SOURCES.keys()].join(', ')})`;
    await recordBoardFetch(client, board.board_source_id, { status: 'failed', error: outcome.error, postings: null });
    return outcome;
  }
  const loader = new RawLoader(client, boardPostingsResource(board.ats));
  const loadId = newLoadId(board.ats, `board_job_postings.b${board.board_source_id}`, now);
  outcome.load_id = loadId;
  const stamp = { loadId, loadDate: utcDate(now), loadTimestamp: now.toISOString() };
  const writer = new BatchWriter(loader, loadId, config.batchSize);
  const seen = new Set<string>();
  const listed: string[] = [];
  const about = { label: source.label, token: board.board_token };
  let fetched = false;
  try {
    await loader.beginLoad({ loadId, dagRunId: options.runId ?? null });
    let answer: BoardAnswer;
    try {
      answer = boardAnswer({ check: await clients.fetchBoard(source, board.board_token, stats) }, about);
    } catch (error) {
      if (!isRequestError(error)) throw error;
      answer = boardAnswer({ error }, about);
    }
    if (answer.status === 'ok') {
      fetched = true;
      outcome.postings_received = answer.check.accepted.length;
      for (const rejected of answer.check.rejected) writer.addQuarantine(rejected);
      for (const { item, id } of answer.check.accepted) {
        listed.push(id);
        const row = boardPostingRow(board, item, id, stamp);
        if (seen.has(row.raw_board_posting_id as string)) continue;
        seen.add(row.raw_board_posting_id as string);
        await writer.add(row);
      }
    } else {
      outcome.status = answer.status;
      outcome.error = answer.error;
      if (answer.tooLarge) {
        writer.addQuarantine({
          reason: answer.tooLarge.message,
          rawText: toStorable(answer.tooLarge.bodyPrefix).rawText,
          rawLength: answer.tooLarge.seenBytes,
        });
      }
      if (answer.unusable) {
        const { reason, rawText, rawLength } = answer.unusable;
        writer.addQuarantine({ reason, rawText, rawLength });
      }
    }
    await writer.flush(true);
    if (fetched) {
      await client.query(
        `insert into raw.board_fetches (load_id, ats, board_token, board_source_id, fetched_at, posting_ids)
         values ($1, $2, $3, $4, $5, $6)`,
        [loadId, board.ats, board.board_token, board.board_source_id, stamp.loadTimestamp, listed],
      );
    }
  } catch (error) {
    outcome.status = 'failed';
    outcome.error = errorText(error);
    await writer.flush(true).catch(() => undefined);
  } finally {
    outcome.rows_landed = writer.totals.inserted + writer.totals.adopted;
    outcome.duplicates_skipped = writer.totals.skipped + (listed.length - seen.size);
    outcome.quarantined = writer.totals.quarantined;
    outcome.api_calls = stats.calls;
    outcome.retries = stats.retries;
    outcome.duration_s = Math.round((Date.now() - started) / 10) / 100;
    await loader.endLoad(
      loadId,
      outcome.status === 'ok' ? 'finished' : 'failed',
      {
        rowCount: outcome.rows_landed,
        quarantinedCount: outcome.quarantined,
        apiCallCount: stats.calls,
        apiErrorCount: stats.errors,
      },
      outcome.error,
    );
    await recordBoardFetch(client, board.board_source_id, {
      status: outcome.status,
      error: outcome.error,
      postings: fetched ? outcome.postings_received : null,
    });
  }
  log[outcome.status === 'ok' ? 'info' : 'error'](
    {
      load_id: loadId,
      status: outcome.status,
      postings: outcome.postings_received,
      landed: outcome.rows_landed,
      error: outcome.error,
    },
    'board extracted',
  );
  return outcome;
}

export async function extractBoards(
  pool: pg.Pool,
  config: LoaderConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
  options: { runId?: string; now?: () => Date; boardSourceId?: number } = {},
): Promise<ExtractBoardsSummary> {
  const clients = new BoardClients(env, config.http, logger);
  const client = await pool.connect();
  const boards: BoardOutcome[] = [];
  let skipped = false;
  try {
    // One extract-boards at a time: then any 'started' board load is a dead process's.
    const { rows } = await client.query("select pg_try_advisory_lock(hashtext('extract-boards')) as locked");
    if (!rows[0].locked) skipped = true;
    else {
      try {
        await client.query(
          `update raw.dwh_loads set load_status = 'failed', finished_at = now(),
                  error_message = 'abandoned: the process ended before the load finished'
            where load_status = 'started' and resource_name = 'board_job_postings'`,
        );
        const list = (await listBoards(client, true)).filter(
          (board) => options.boardSourceId === undefined || board.board_source_id === options.boardSourceId,
        );
        for (const board of list) boards.push(await extractBoard(client, clients, config, logger, board, options));
      } finally {
        await client.query("select pg_advisory_unlock(hashtext('extract-boards'))");
      }
    }
  } finally {
    client.release();
  }
  const succeeded = boards.filter((board) => board.status === 'ok').length;
  const postingsBySource: Record<string, number> = {};
  for (const board of boards) {
    postingsBySource[board.ats] = (postingsBySource[board.ats] ?? 0) + board.postings_received;
  }
  return {
    command: 'extract-boards',
    run_id: options.runId ?? null,
    status: skipped
      ? 'skipped'
      : boards.length === 0
        ? 'nothing_to_do'
        : succeeded === boards.length
          ? 'success'
          : succeeded > 0
            ? 'partial'
            : 'failed',
    boards,
    postings_by_source: postingsBySource,
    totals: {
      boards: boards.length,
      succeeded,
      failed: boards.length - succeeded,
      rows_landed: boards.reduce((sum, board) => sum + board.rows_landed, 0),
      quarantined: boards.reduce((sum, board) => sum + board.quarantined, 0),
    },
  };
}
