// `jobctl fake-api`: serve the fake APIs, or write generated postings as NDJSON. Parsing is pure
// (parseFakeApiCommand); main() does the I/O and returns the exit code (2 on bad usage).
import { parseArgs } from 'node:util';
import { FaultSpecError, parseFaults } from './faults.ts';
import { generatePostings } from './generator.ts';
import { startFakeApi } from './server.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const FAKE_API_USAGE = `  fake-api [--port N] [--host H] [--seed N] [--faults SPEC] [--results-per-query N] [--require-key KEY] [--showcase]
      Serve the fake JSearch (/search) and Glassdoor (/company-search) APIs. Prints one JSON line
      {"event":"listening","url":"http://127.0.0.1:PORT",…} on stdout, then serves until killed.
      Use the url as JSEARCH_BASE_URL and GLASSDOOR_BASE_URL. --port 0 picks a free port.
      --faults defaults to $FAKE_API_FAULTS. --showcase puts six fixed postings on every first page
      (a blocked-employer, a dismissed and an expired candidate, one job on three boards; make demo).
  fake-api --ndjson N [--seed N]
      Write N generated postings as NDJSON to stdout and exit (benchmarks).
`;

export const FAULT_SPEC_USAGE = `Fault spec (--faults / FAKE_API_FAULTS)
  SPEC   := RULE[,RULE…]      RULE := KIND[@RATE][:OPTION[;OPTION…]]
  KIND   := 429 | 500 | 503 | slow | reset | truncated | invalid_item | quota
          | oversized | deep_item | type_noise | changed_copy | redirect
            (aliases rate_limit, error500, error503, timeout, truncated_json, schema_invalid, quota_exceeded)
  RATE   := probability per request, 0..1 (default 0.1; 1 when the rule names a query or path)
  OPTION := query=TEXT (only requests whose query contains TEXT; fails every one of them)
          | path=/search|/company-search | retry_after=SECONDS (429, default 1) | ms=N (slow, default 3000)
          | mb=N (oversized, default 30) | depth=N (deep_item, default 200000) | to=URL (redirect)
  Rate-based faults never hit the same URL more than twice in a row, so retrying clients recover.
  Examples: --faults '429@0.1:retry_after=0,500@0.05,reset@0.05,truncated@0.05,invalid_item@0.1'
            --faults 'error500:query=BrokenProfile'   (one profile's searches fail, others succeed)
`;

export interface FakeApiCommand {
  name: 'fake-api';
  port: number;
  host: string;
  seed: number;
  faults?: string;
  resultsPerQuery?: number;
  ndjson?: number;
  requireKey?: string;
  showcase?: boolean;
}

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${flag} must be an integer >= 0, got "${value}"`);
  return number;
}

// argv is what follows `fake-api`.
export function parseFakeApiCommand(
  argv: string[],
  env: Record<string, string | undefined> = {},
): FakeApiCommand | { name: 'help' } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        faults: { type: 'string' },
        'results-per-query': { type: 'string' },
        ndjson: { type: 'string' },
        'require-key': { type: 'string' },
        showcase: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { name: 'help' };
  const faults = (values.faults as string | undefined) ?? env.FAKE_API_FAULTS;
  try {
    parseFaults(faults);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new UsageError(error.message);
    throw error;
  }
  return {
    name: 'fake-api',
    port: int(values.port as string | undefined, '--port') ?? 8765,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    seed: int(values.seed as string | undefined, '--seed') ?? 42,
    faults,
    resultsPerQuery: int(values['results-per-query'] as string | undefined, '--results-per-query'),
    ndjson: int(values.ndjson as string | undefined, '--ndjson'),
    requireKey: values['require-key'] as string | undefined,
    showcase: values.showcase === true,
  };
}

async function serve(command: FakeApiCommand): Promise<number> {
  if (command.ndjson !== undefined) {
    let buffer = '';
    for (const posting of generatePostings({ seed: command.seed, count: command.ndjson })) {
      buffer += `${JSON.stringify(posting)}\n`;
      if (buffer.length > 1 << 20) {
        if (!process.stdout.write(buffer)) await new Promise((resolve) => process.stdout.once('drain', resolve));
        buffer = '';
      }
    }
    await new Promise<void>((resolve) => process.stdout.write(buffer, () => resolve()));
    return 0;
  }
  const api = await startFakeApi({
    port: command.port,
    host: command.host,
    seed: command.seed,
    faults: command.faults,
    resultsPerQuery: command.resultsPerQuery,
    requireKey: command.requireKey,
    showcase: command.showcase,
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', url: api.url, seed: command.seed, faults: command.faults ?? null })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await api.close();
  return 0;
}

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    const command = parseFakeApiCommand(argv, env);
    if (command.name === 'help') {
      process.stdout.write(`Usage: jobctl fake-api [options]\n\n${FAKE_API_USAGE}\n${FAULT_SPEC_USAGE}`);
      return 0;
    }
    return await serve(command);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
