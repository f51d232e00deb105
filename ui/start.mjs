// Starts the built app (adapter-node output in ./build) the way the project runs it: bound to
// UI_HOST:UI_PORT (default 127.0.0.1:3000, never all interfaces unless asked), with ORIGIN set
// for SvelteKit's CSRF check. `make ui`, the container, the tests and the benchmark all use it.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'build', 'index.js');
if (!existsSync(entry)) {
  console.error('UiStartError: ui/build is missing; run `npm run build -w ui` (or `make ui`) first');
  process.exit(1);
}

const host = process.env.UI_HOST || '127.0.0.1';
const port = process.env.UI_PORT || '3000';
process.env.HOST = host;
process.env.PORT = port;
// Form posts are accepted only from ORIGIN; behind a proxy or on another name, set it explicitly.
process.env.ORIGIN ||= `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

// UI_WORKERS: a number, or `auto` for one per CPU core.
const workers =
  process.env.UI_WORKERS === 'auto'
    ? Math.min(16, availableParallelism())
    : Math.max(1, Math.min(16, Number.parseInt(process.env.UI_WORKERS ?? '1', 10) || 1));

if (cluster.isPrimary) {
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  if (!loopback && !process.env.UI_ADMIN_TOKEN) {
    console.warn(`jobs-ui: listening on ${host} without UI_ADMIN_TOKEN: anyone who can reach it can edit profiles`);
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
