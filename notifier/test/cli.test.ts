// The CLI as jobctl calls it: main(argv) with the environment, stdout summary and exit codes.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestDatabase } from '../../tests/support/pg.ts';
import type { NotifySummary } from '../src/notify.ts';
import { type SmtpSink, startSmtpSink } from '../src/smtp-sink.ts';
import { createWarehouseDatabase, insertJobs, insertProfile, notificationLog, withClient } from './support/marts.ts';

process.env.LOG_LEVEL = 'silent';
const { main } = await import('../src/cli.ts');

let db: TestDatabase;
let workDir: string;
let stdout: string[];
let stderr: string[];

async function cli(...argv: string[]): Promise<{ code: number; summary: NotifySummary | null; err: string }> {
  stdout = [];
  stderr = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    const code = await main(argv);
    const line = stdout.join('').trim().split('\n').at(-1);
    return { code, summary: line?.startsWith('{') ? JSON.parse(line) : null, err: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  db = await createWarehouseDatabase();
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'notifier-cli-'));
  vi.stubEnv('DATABASE_URL', db.url);
  vi.stubEnv('SMTP_URL', '');
  vi.stubEnv('MAIL_FROM', 'Digest <digest@example.com>');
  vi.stubEnv('NOTIFY_TOP_N', '');
  vi.stubEnv('UI_PUBLIC_URL', 'https://jobs.example.org/app');
  await withClient(db.url, (client) =>
    client.query(`truncate marts.notification_log, marts.fact_jobs_stored, marts.dim_ranking;
                  delete from marts.dim_companies where not is_unknown_member;
                  delete from marts.profile_preferences;`),
  );
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(workDir, { recursive: true, force: true });
});

describe('configuration and usage errors exit 2', () => {
  it.each([
    [['bogus'], /UsageError: unknown command "bogus"/],
    [['notify'], /ConfigError: nothing to deliver with: set SMTP_URL/],
    [['notify', '--outbox', '/tmp/x', '--profile', 'abc'], /UsageError: --profile must be a whole number/],
    [['notify', '--dry-run', '--nope'], /Unknown option '--nope'/],
    [['notify', '--dry-run', '--date', '28/11/2026'], /--date must be YYYY-MM-DD/],
  ])('%j', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it.each([
    ['NOTIFY_TOP_N', 'ten', /NOTIFY_TOP_N must be a whole number/],
    ['SMTP_URL', 'http://mail.example.com', /SMTP_URL must look like smtp:/],
    ['UI_PUBLIC_URL', 'ftp://x', /UI_PUBLIC_URL must be an absolute http\(s\) URL/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM must be an email address/],
    ['DATABASE_URL', '', /DATABASE_URL is not set/],
  ])('%s=%s', async (name, value, message) => {
    vi.stubEnv(name, value);
    const { code, err } = await cli('notify', '--dry-run');
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('never prints the SMTP password', async () => {
    vi.stubEnv('SMTP_URL', 'http://user:s3cret-pass@mail.example.com');
    const { err } = await cli('notify');
    expect(err).not.toContain('s3cret-pass');
  });

  it('an unknown profile is a usage error', async () => {
    const { code, err } = await cli('notify', '--dry-run', '--profile', '999999');
    expect(code).toBe(2);
    expect(err).toMatch(/profile 999999 does not exist/);
  });

  it('prints usage on --help', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect(stdout.join('')).toContain('notify [--profile ID] [--outbox DIR] [--dry-run] [--run-id ID]');
  });
});

describe('notify', () => {
  it('--outbox writes each digest as .eml and .html, records it, and prints one JSON summary line', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    const outbox = join(workDir, 'outbox');
    const { code, summary } = await cli('notify', '--outbox', outbox, '--run-id', 'dag-run-7', '--date', '2026-11-28');
    expect(code).toBe(0);
    expect(stdout).toHaveLength(1);
    expect(summary).toMatchObject({ event: 'notify_summary', run_id: 'dag-run-7', sent: 1, failed: 0, jobs_sent: 1 });
    const files = (await readdir(outbox)).sort();
    expect(files).toEqual([`2026-11-28_p${ada}_dag-run-7.eml`, `2026-11-28_p${ada}_dag-run-7.html`]);
    const mail = await simpleParser(await readFile(join(outbox, files[0] as string)));
    expect(mail.subject).toBe('1 new job for “Data” · 28 Nov 2026');
    expect(mail.text).toContain('Edit this profile: https://jobs.example.org/app/profiles');
    expect(mail.text).toMatch(
      /Unsubscribe \(pause this digest\): https:\/\/jobs\.example\.org\/app\/t\/unsubscribe\/v1\./,
    );
    expect(mail.html).toBe(await readFile(join(outbox, files[1] as string), 'utf8'));
    expect(mail.messageId).toBe(`<2026-11-28_p${ada}_dag-run-7@jobs-notifier.local>`);
    expect(await notificationLog(db.url)).toMatchObject([{ job_id: 'j1', delivery_status: 'sent' }]);
  });

  it('--dry-run with --outbox previews files but records nothing', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    const outbox = join(workDir, 'preview');
    const { code, summary } = await cli('notify', '--dry-run', '--outbox', outbox);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ dry_run: true, would_send: 1, sent: 0 });
    expect(await readdir(outbox)).toHaveLength(2);
    expect(await notificationLog(db.url)).toEqual([]);
  });

  it('exits 1 when every send fails (SMTP unreachable), and records the failures', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    const closed = await startSmtpSink();
    const port = closed.port;
    await closed.close();
    vi.stubEnv('SMTP_URL', `smtp://user:pw@127.0.0.1:${port}`);
    const { code, summary } = await cli('notify');
    expect(code).toBe(1);
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    expect(await notificationLog(db.url)).toMatchObject([{ job_id: 'j1', delivery_status: 'failed' }]);
  });

  it('exits 0 when there is nothing to send', async () => {
    const { code, summary } = await cli('notify', '--outbox', join(workDir, 'o'));
    expect(code).toBe(0);
    expect(summary).toMatchObject({ profiles: 0, sent: 0, failed: 0 });
  });

  it('sends over SMTP_URL to a sink that writes .eml files', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    const dir = join(workDir, 'sink');
    const sink: SmtpSink = await startSmtpSink({ dir });
    try {
      vi.stubEnv('SMTP_URL', `smtp://anyone:anything@127.0.0.1:${sink.port}`);
      const { code, summary } = await cli('notify');
      expect(code).toBe(0);
      expect(summary).toMatchObject({ sent: 1 });
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      const mail = await simpleParser(await readFile(join(dir, files[0] as string)));
      expect(mail.to).toMatchObject({ text: 'ada@example.com' });
      expect(mail.html).toContain('Data Engineer j1');
    } finally {
      await sink.close();
    }
  });
});

describe('smtp-sink command', () => {
  it('prints its port as one JSON line and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'smtp-sink', '--port', '0'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.includes('\n')) resolve(buffer.split('\n')[0] as string);
      });
      child.once('exit', (code) => reject(new Error(`smtp-sink exited early (${code})`)));
    });
    const started = JSON.parse(line);
    expect(started).toMatchObject({ event: 'smtp_sink_listening', host: '127.0.0.1' });
    expect(started.port).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
