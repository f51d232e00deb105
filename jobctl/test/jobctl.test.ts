// jobctl as a process: each command reaches the package that owns it, --help lists them all.
import { generatePostings } from '@jobs/fake-api';
import { describe, expect, it } from 'vitest';
import { runJobctl as jobctl, startJobctl as start } from '../../tests/support/jobctl.ts';
import { routeFor, USAGE } from '../src/cli.ts';

describe('routeFor', () => {
  it.each([
    [[], 'help'],
    [['--help'], 'help'],
    [['notify', '--dry-run'], 'notifier'],
    [['smtp-sink'], 'notifier'],
    [['chat-sink'], 'notifier'],
    [['fake-api', '--port', '0'], 'fake-api'],
    [['extract-jobs'], 'loaders'],
    [['export', '--help'], 'loaders'],
    [['frobnicate'], 'loaders'],
  ])('%o -> %s', (argv, route) => expect(routeFor(argv)).toBe(route));

  it('lists every command and the fault spec in one usage text', () => {
    for (const text of [
      'extract-jobs',
      'boards add',
      'fake-api --ndjson',
      'notify …',
      'error500:query=BrokenProfile',
    ]) {
      expect(USAGE).toContain(text);
    }
  });
});

describe('jobctl process', () => {
  it('prints usage with the fault spec', async () => {
    const result = await jobctl(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('fake-api');
    expect(result.stdout).toContain('error500:query=BrokenProfile');
  });

  it("a loaders command's --help prints the whole usage too", async () => {
    const result = await jobctl(['extract-jobs', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(USAGE);
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const result = await jobctl(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^UsageError: unknown command "frobnicate"/);
  });

  it('dispatches notify to the notifier package', async () => {
    const result = await jobctl(['notify', '--help']);
    expect(result.stderr).not.toMatch(/UsageError: unknown command/);
    expect(result.stdout + result.stderr).not.toBe('');
  });

  it('fake-api prints its URL as one JSON line and serves /search', async () => {
    const { child, done } = start(['fake-api', '--port', '0', '--seed', '3']);
    const line = await new Promise<string>((resolve) => child.stdout?.once('data', (chunk) => resolve(String(chunk))));
    const { url, event } = JSON.parse(line);
    expect(event).toBe('listening');
    const response = await fetch(`${url}/search?query=data%20engineer`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(10);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });

  it('fake-api --ndjson writes the generator output', async () => {
    const result = await jobctl(['fake-api', '--ndjson', '25', '--seed', '4']);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(25);
    expect(lines.map((posting) => posting.job_id)).toEqual(
      [...generatePostings({ seed: 4, count: 25 })].map((posting) => posting.job_id),
    );
  });

  it('fake-api refuses a bad fault spec with exit 2', async () => {
    const result = await jobctl(['fake-api', '--faults', 'explode']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^UsageError: /);
  });
});
