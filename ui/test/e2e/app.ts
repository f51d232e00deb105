// Runs the built app (ui/start.mjs → ui/build) as a child process on a free loopback port, and
// launches the system Chromium for Playwright.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const uiRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningApp {
  origin: string;
  /** The launcher's process id (with UI_WORKERS > 1, the cluster primary). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    UI_HOST: '127.0.0.1',
    UI_PORT: String(port),
  };
  for (const inherited of [
    'ORIGIN',
    'UI_ADMIN_TOKEN',
    'UI_SESSION_SECRET',
    'UI_ALLOW_INSECURE',
    'HOST',
    'PORT',
    'BASE_URL',
  ])
    delete env[inherited];
  Object.assign(env, extraEnv);
  const child: ChildProcess = spawn(process.execPath, [join(uiRoot, 'start.mjs')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) while starting:\n${output}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not answer /healthz within 20 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    origin,
    pid: child.pid as number,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export { CHROMIUM_ARGS, launchChromium } from '../../../tests/support/chromium.ts';
