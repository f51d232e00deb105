// The real jobctl bin as a child process, as the Makefile and Airflow start it. The child sees
// PATH, HOME and `env` only, so nothing from the test's own environment leaks into a run.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const JOBCTL_BIN = fileURLToPath(new URL('../../jobctl/bin/jobctl.mjs', import.meta.url));

export interface JobctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Started, for tests that signal the child while it runs; `done` settles when it exits.
export function startJobctl(
  args: string[],
  env: Record<string, string | undefined> = {},
): { child: ChildProcess; done: Promise<JobctlResult> } {
  const child = spawn(process.execPath, [JOBCTL_BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<JobctlResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export const runJobctl = (args: string[], env: Record<string, string | undefined> = {}): Promise<JobctlResult> =>
  startJobctl(args, env).done;

// The JSON summary jobctl prints as its last stdout line, if there is one.
export function lastJsonLine(stdout: string): Record<string, unknown> | null {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return last.startsWith('{') ? JSON.parse(last) : null;
}
