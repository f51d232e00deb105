// `jobctl export`: parse (pure) and run; prints a JSON summary on stdout, `ErrorName: message` on
// stderr and exits 0 ok, 1 export failed, 2 bad usage or configuration.
import { parseArgs } from 'node:util';
import { runExport } from './run.ts';
import { EXPORT_RELATIONS, type ExportFormat, parseExportTarget } from './schema.ts';

export const EXPORT_USAGE = `Usage: jobctl export [--format parquet|csv] [--to URL] [--date YYYY-MM-DD] [--table NAME …]

Writes ${EXPORT_RELATIONS.map((relation) => relation.table).join(', ')}
to URL/<table>/dt=YYYY-MM-DD/part-00000.<format> (one consistent snapshot). URL is file://PATH or a
path, relative to the working directory; default file://out/exports. --date sets dt (default: today,
UTC). Needs DATABASE_URL. The last stdout line is a JSON summary {"command":"export","tables":[…]}.
`;

export class ExportUsageError extends Error {
  override name = 'UsageError';
}

export interface ExportCommand {
  help: boolean;
  format: ExportFormat;
  to: string;
  date: Date;
  tables?: string[];
}

export function parseExportCommand(argv: string[], now: Date): ExportCommand {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        to: { type: 'string' },
        date: { type: 'string' },
        table: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ExportUsageError((error as Error).message);
  }
  const format = (values.format as string | undefined) ?? 'parquet';
  if (format !== 'parquet' && format !== 'csv')
    throw new ExportUsageError(`--format must be parquet or csv, got "${format}"`);
  let date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (values.date !== undefined) {
    const text = values.date as string;
    date = new Date(`${text}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text)
      throw new ExportUsageError(`--date must be a calendar date YYYY-MM-DD, got "${text}"`);
  }
  const tables = values.table as string[] | undefined;
  const known = EXPORT_RELATIONS.map((relation) => relation.table as string);
  const unknown = (tables ?? []).filter((table) => !known.includes(table));
  if (unknown.length > 0)
    throw new ExportUsageError(`unknown --table ${unknown.join(', ')} (one of ${known.join(', ')})`);
  return {
    help: values.help === true,
    format,
    to: (values.to as string | undefined) ?? 'file://out/exports',
    date,
    tables,
  };
}

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    const command = parseExportCommand(argv, new Date());
    if (command.help) {
      process.stdout.write(EXPORT_USAGE);
      return 0;
    }
    if (!env.DATABASE_URL) throw new ExportUsageError('DATABASE_URL is not set');
    let root: string;
    try {
      root = parseExportTarget(command.to, process.cwd());
    } catch (error) {
      throw new ExportUsageError((error as Error).message);
    }
    const summary = await runExport({
      databaseUrl: env.DATABASE_URL,
      root,
      format: command.format,
      date: command.date,
      tables: command.tables,
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`${message.split('\n')[0]}\n`);
    return error instanceof ExportUsageError ? 2 : 1;
  }
}
