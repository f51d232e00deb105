// Starts the built app (adapter-node output in ./build) the way the project runs it: bound to
// UI_HOST:UI_PORT (default 127.0.0.1:3000, never all interfaces unless asked), with ORIGIN set
// for SvelteKit's CSRF check. `make ui`, the container, the tests and the benchmark all use it.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_SECRET_LENGTH = 32;
const isLoopback = (name) => name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
const isPlaceholder = (value) => /^change-?me/i.test(value ?? '');

/** Why this environment must not start the app (empty when it may). Pure. */
function startupProblems(env, host) {
  const problems = [];
  const token = env.UI_ADMIN_TOKEN ?? '';
  let databasePassword = '';
  try {
    databasePassword = decodeURIComponent(new URL(env.DATABASE_URL ?? '').password);
  } catch {
    // not a URL: pg reports that itself
  }
  for (const [name, value] of [
    ['UI_ADMIN_TOKEN', token],
    ['UI_SESSION_SECRET', env.UI_SESSION_SECRET],
    ['the DATABASE_URL password', databasePassword],
    ['LINK_SIGNING_SECRET', env.LINK_SIGNING_SECRET],
  ]) {
    if (isPlaceholder(value)) problems.push(`${name} is still the placeholder "${value}"; set a real secret`);
  }
  if (token && token.length < MIN_SECRET_LENGTH) {
    problems.push(`UI_ADMIN_TOKEN must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
  }
  if (env.UI_SESSION_SECRET && env.UI_SESSION_SECRET.length < MIN_SECRET_LENGTH) {
    problems.push(`UI_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (env.LINK_SIGNING_SECRET && env.LINK_SIGNING_SECRET.trim().length < MIN_SECRET_LENGTH) {
    problems.push(
      `LINK_SIGNING_SECRET must be at least ${MIN_SECRET_LENGTH} characters (the notifier needs the same one)`,
    );
  }
  if (!isLoopback(host) && !token && env.UI_ALLOW_INSECURE !== '1') {
    problems.push(
      `listening on ${host} without UI_ADMIN_TOKEN leaves a reachable app with no break-glass admin path ` +
        '(accounts still need signing in); set UI_ADMIN_TOKEN (32+ characters), listen on 127.0.0.1, ' +
        'or set UI_ALLOW_INSECURE=1 to accept that',
    );
  }
  return problems;
}

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'build', 'index.js');
const host = process.env.UI_HOST || '127.0.0.1';
const port = process.env.UI_PORT || '3000';

if (cluster.isPrimary) {
  const problems = startupProblems(process.env, host);
  if (problems.length > 0) {
    console.error(`UiStartError: ${problems.join('; ')}`);
    process.exit(1);
  }
}
if (!existsSync(entry)) {
  console.error('UiStartError: ui/build is missing; run `npm run build -w ui` (or `make ui`) first');
  process.exit(1);
}

process.env.HOST = host;
process.env.PORT = port;
// Form posts are accepted only from ORIGIN; behind a proxy or on another name, set it explicitly.
process.env.ORIGIN ||= `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
// adapter-node's default is 512K; a profile form is a few KB, so anything larger is refused (413).
process.env.BODY_SIZE_LIMIT ||= '64K';
// Sessions are server-side rows since issue 22 (marts.app_sessions); UI_SESSION_SECRET is no longer
// used, only still checked above so an old .env with a placeholder is not silently accepted.

// UI_WORKERS: a number, or `auto` for one per CPU core.
const workers =
  process.env.UI_WORKERS === 'auto'
    ? Math.min(16, availableParallelism())
    : Math.max(1, Math.min(16, Number.parseInt(process.env.UI_WORKERS ?? '1', 10) || 1));

if (cluster.isPrimary) {
  if (!isLoopback(host) && !process.env.UI_ADMIN_TOKEN) {
    console.warn(
      `jobs-ui: UI_ALLOW_INSECURE=1: listening on ${host} without UI_ADMIN_TOKEN; there is no break-glass admin path`,
    );
  }
  console.log(`jobs-ui: http://${host}:${port} (ORIGIN ${process.env.ORIGIN}, ${workers} worker(s))`);
}

if (workers > 1 && cluster.isPrimary) {
  // UI_WORKERS > 1: that many server processes share the port (node:cluster); each has its own pool.
  let stopping = false;
  for (let index = 0; index < workers; index += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`jobs-ui: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
} else {
  // A worker's IPC channel would keep it alive after adapter-node's graceful shutdown.
  if (cluster.isWorker) process.once('sveltekit:shutdown', () => cluster.worker?.disconnect());
  await import(pathToFileURL(entry).href);
}
