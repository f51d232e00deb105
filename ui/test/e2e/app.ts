// Runs the built app (ui/start.mjs → ui/build) as a child process on a free loopback port, and
// launches the system Chromium for Playwright.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
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

export interface SignedIn {
  userId: number;
  /** The session id, as the browser's `jobs_session` cookie holds it. */
  sessionId: string;
  /** `jobs_session=<id>`, for a Cookie header. */
  cookie: string;
}

/**
 * Signs `email` in without the mail round trip (tests of everything but sign-in itself): makes
 * the account if needed and a server-side session row, exactly as the app's link redemption does.
 * `databaseUrl` may be a jobs_ui login (it may insert users and sessions).
 */
export async function signInAs(
  databaseUrl: string,
  email: string,
  role: 'user' | 'admin' = 'admin',
): Promise<SignedIn> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ user_id: string }>(
      `insert into marts.app_users (email, role, created_at) values ($1, $2, now())
       on conflict (lower(email)) do update set role = excluded.role
       returning user_id`,
      [email, role],
    );
    const userId = Number(rows[0]?.user_id);
    const sessionId = randomBytes(32).toString('base64url');
    await client.query(
      `insert into marts.app_sessions (session_hash, user_id, created_at, last_seen_at, expires_at, user_agent)
       values ($1, $2, now(), now(), now() + interval '1 day', 'e2e test')`,
      [createHash('sha256').update(sessionId).digest('hex'), userId],
    );
    return { userId, sessionId, cookie: `jobs_session=${sessionId}` };
  } finally {
    await client.end();
  }
}

/** Adds the session cookie to a Playwright browser context, for `origin`. */
export async function addSessionCookie(
  context: { addCookies(cookies: { name: string; value: string; url: string }[]): Promise<void> },
  origin: string,
  session: SignedIn,
): Promise<void> {
  await context.addCookies([{ name: 'jobs_session', value: session.sessionId, url: origin }]);
}

export interface RunningApp {
  origin: string;
  /** The admin the harness signed in (unless startApp was told `signIn: false`). */
  session: SignedIn;
  /** fetch with the signed-in admin's cookie (init's own headers win). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** The launcher's process id (with UI_WORKERS > 1, the cluster primary). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export const E2E_ADMIN = 'admin@e2e.test';

export async function startApp(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  options: { signIn?: boolean } = {},
): Promise<RunningApp> {
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
  const session =
    options.signIn === false
      ? { userId: 0, sessionId: '', cookie: '' }
      : await signInAs(databaseUrl, E2E_ADMIN, 'admin');
  return {
    origin,
    session,
    fetch: (url, init = {}) => {
      const headers = new Headers(init.headers);
      if (session.cookie && !headers.has('cookie')) headers.set('cookie', session.cookie);
      return fetch(url, { ...init, headers });
    },
    pid: child.pid as number,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export { CHROMIUM_ARGS, launchChromium } from '../../../tests/support/chromium.ts';
