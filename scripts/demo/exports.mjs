// make demo: the analytics exports jobctl export just wrote: each file, the rows its Parquet footer
// holds, and whether they match the rows of the relation it was exported from.
//   node scripts/demo/exports.mjs <jobctl export's JSON summary>
import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import pg from 'pg';

const summary = JSON.parse(readFileSync(process.argv[2], 'utf8').trim().split('\n').at(-1));
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  let mismatches = 0;
  for (const file of summary.tables) {
    const bytes = readFileSync(file.path);
    const fileRows = Number(
      parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).num_rows,
    );
    const { rows } = await client.query(`select count(*)::int as n from ${file.schema}.${file.table}`);
    const tableRows = rows[0].n;
    if (fileRows !== tableRows) mismatches += 1;
    console.log(
      `  ${`${file.schema}.${file.table}`.padEnd(52)} ${String(fileRows).padStart(6)} rows in the file,` +
        `${String(tableRows).padStart(7)} in the table${fileRows === tableRows ? '' : '  MISMATCH'}`,
    );
    console.log(`    ${file.path}`);
  }
  console.log(mismatches ? `${mismatches} file(s) do not match their table` : 'every exported file matches its table');
  process.exitCode = mismatches ? 1 : 0;
} finally {
  await client.end();
}
