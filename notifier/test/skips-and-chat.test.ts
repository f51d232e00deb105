// Issue 17 end to end over real parts: PostgreSQL (a clone of the dbt warehouse, read through the
// real marts.profile_top_jobs view), the real template, SMTP on loopback, and a local HTTP server
// standing in for the chat service (it only records what it is sent).
import { type ParsedMail, simpleParser } from 'mailparser';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { type ChatSink, type ChatSinkRequest, startChatSink } from '../src/chat-sink.ts';
import { type NotifyOptions, runNotify } from '../src/notify.ts';
import type { DigestTemplate } from '../src/render.ts';
import { createMailer, type Mailer } from '../src/send.ts';
import { type SmtpSink, startSmtpSink } from '../src/smtp-sink.ts';
import { loadDigestTemplate } from '../src/templates.ts';
import { createWarehouseDatabase, insertJobs, insertProfile, notificationLog, withClient } from './support/marts.ts';

let db: TestDatabase;
let pool: pg.Pool;
let sink: SmtpSink;
let template: DigestTemplate;
let mailer: Mailer;
let chatSink: ChatSink;
let chatBase: string;
let seenChatSinkRequests = 0;
/** What the chat sink received during the current test. */
const chatRequests = (): ChatSinkRequest[] => chatSink.received().slice(seenChatSinkRequests);
let inbox: { to: string[]; mail: ParsedMail }[] = [];
const pending: Promise<void>[] = [];
const logLines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });

const options = (overrides: Partial<NotifyOptions> = {}): NotifyOptions => ({
  topN: 10,
  uiPublicUrl: 'http://127.0.0.1:3000',
  runId: 'run-1',
  digestDate: '2026-12-03',
  dryRun: false,
  concurrency: 2,
  linkSecret: 'skips-and-chat-link-secret-of-32-characters',
  mailFrom: 'Job digest <digest@example.com>',
  ...overrides,
});
const run = (overrides: Partial<NotifyOptions> = {}) =>
  runNotify(options(overrides), { pool, template, mailer, logger, chatTimeoutMs: 5000 });

async function received() {
  await Promise.all(pending);
  return inbox;
}

const setProfile = (profileId: number, assignments: string, values: unknown[]) =>
  withClient(db.url, (client) =>
    client.query(`update marts.profile_preferences set ${assignments} where profile_id = $1`, [profileId, ...values]),
  );

beforeAll(async () => {
  db = await createWarehouseDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  template = await loadDigestTemplate();
  sink = await startSmtpSink({
    onMessage: (raw, envelope) => {
      pending.push(simpleParser(raw).then((mail) => void inbox.push({ to: envelope.to, mail })));
    },
  });
  mailer = createMailer({ from: 'Job digest <digest@example.com>', smtpUrl: `smtp://127.0.0.1:${sink.port}` });
  chatSink = await startChatSink();
  chatBase = chatSink.url;
});

afterAll(async () => {
  await mailer?.close();
  await sink?.close();
  await chatSink?.close();
  await pool?.end();
  await db?.drop();
});

beforeEach(async () => {
  await Promise.all(pending);
  inbox = [];
  // This test's requests only: the sink keeps every request it was sent.
  seenChatSinkRequests = chatSink.received().length;
  chatSink.answerWith(200);
  logLines.length = 0;
  await withClient(db.url, (client) =>
    client.query(`truncate marts.notification_log, marts.fact_jobs_stored, marts.dim_ranking, marts.job_feedback;
                  delete from marts.profile_preferences;`),
  );
});

describe('jobs the person does not want are never mailed', () => {
  it('skips blocked employers and keywords, dismissed, applied and expired jobs', async () => {
    const ada = await insertProfile(db.url, { name: 'Ada', email: 'ada@example.com' });
    await setProfile(ada, 'excluded_employers = $2, excluded_keywords = $3', [['ACME, Inc.'], ['intern']]);
    await insertJobs(db.url, [
      { jobId: 'keep', title: 'Data Engineer', scores: { [ada]: 90 } },
      { jobId: 'blocked-employer', employer: 'Acme Incorporated', companyLookupKey: 'acme', scores: { [ada]: 99 } },
      { jobId: 'blocked-keyword', title: 'Data Engineer Intern', scores: { [ada]: 98 } },
      { jobId: 'internship', title: 'Data Engineer Internship', scores: { [ada]: 60 } },
      { jobId: 'dismissed', scores: { [ada]: 97 } },
      { jobId: 'applied', scores: { [ada]: 96 } },
      { jobId: 'expired', expiresInDays: -1, scores: { [ada]: 95 } },
      { jobId: 'not-yet-expired', expiresInDays: 5, scores: { [ada]: 50 } },
    ]);
    await withClient(db.url, (client) =>
      client.query(
        `insert into marts.job_feedback (profile_id, job_id, kind, reason)
                    values ($1, 'dismissed', 'not_interested', 'salary too low'), ($1, 'applied', 'applied', null)`,
        [ada],
      ),
    );

    const summary = await run();
    expect(summary.results).toMatchObject([
      { profile_id: ada, status: 'sent', jobs: ['keep', 'internship', 'not-yet-expired'] },
    ]);
    const mails = await received();
    expect(mails).toHaveLength(1);
    const text = mails[0]?.mail.text ?? '';
    expect(text).toContain('Data Engineer Internship');
    expect(text).not.toMatch(/Intern\n/);
    expect((await notificationLog(db.url)).map((row) => row.job_id).sort()).toEqual([
      'internship',
      'keep',
      'not-yet-expired',
    ]);
  });
});

describe('one job, many boards', () => {
  it('mails three board copies as one entry with "also on" links, and never again through another copy', async () => {
    const ada = await insertProfile(db.url, { name: 'Ada', email: 'ada@example.com' });
    const copy = { title: 'Data Engineer', groupKey: 'group-1' };
    await insertJobs(db.url, [
      { ...copy, jobId: 'copy-li', publisher: 'LinkedIn', scores: { [ada]: 80 } },
      { ...copy, jobId: 'copy-in', publisher: 'Indeed', scores: { [ada]: 88 } },
      { ...copy, jobId: 'copy-co', publisher: 'Company website', scores: { [ada]: 70 } },
    ]);

    const first = await run();
    expect(first.results).toMatchObject([{ status: 'sent', jobs: ['copy-in'] }]);
    const mails = await received();
    expect(mails).toHaveLength(1);
    const html = String(mails[0]?.mail.html);
    expect(mails[0]?.mail.subject).toMatch(/^1 new job for/);
    expect(String(mails[0]?.mail.text).match(/^\d+\. /gm)).toEqual(['1. ']);
    expect(html).toContain('Also on: ');
    expect(html).toContain('href="https://jobs.example.com/apply/copy-co?src=digest&amp;x=1"');
    expect(html).toContain('href="https://jobs.example.com/apply/copy-li?src=digest&amp;x=1"');
    expect(mails[0]?.mail.text).toContain(
      'Also on: Company website https://jobs.example.com/apply/copy-co?src=digest&x=1 · LinkedIn https://jobs.example.com/apply/copy-li?src=digest&x=1',
    );

    // The representative is gone from the board (expired): the next copy is not new either.
    await withClient(db.url, (client) =>
      client.query(`update marts.fact_jobs_stored set job_offer_expires_at = now() - interval '1 hour'
                    where job_id = 'copy-in'`),
    );
    const second = await run({ runId: 'run-2', digestDate: '2026-12-04' });
    expect(second.results[0]).toMatchObject({ status: 'sent', kind: 'empty' });
    expect((await received()).length).toBe(2);
    const logged = (await notificationLog(db.url)).filter((row) => row.job_id.startsWith('copy-'));
    expect(logged.map((row) => row.job_id)).toEqual(['copy-in']);
  });
});

describe('chat alerts', () => {
  it('posts Slack-compatible JSON once, even when the notifier runs twice, and never logs the URL', async () => {
    const ada = await insertProfile(db.url, { name: 'Ada <data>', email: 'ada@example.com' });
    const webhook = `${chatBase}/services/T000/B000/secret-token-1`;
    await setProfile(ada, 'chat_webhook_url = $2', [webhook]);
    await insertJobs(db.url, [
      { jobId: 'j1', title: 'Data Engineer', scores: { [ada]: 90 } },
      { jobId: 'j2', title: 'Analytics <Engineer> | Lead', scores: { [ada]: 80 } },
    ]);

    const first = await run();
    expect(first.results).toMatchObject([{ status: 'sent', chat: { kind: 'slack', status: 'sent' } }]);
    const again = await run();
    expect(again.results).toMatchObject([{ status: 'skipped' }]);

    expect(chatRequests()).toHaveLength(1);
    const request = chatRequests()[0] as ChatSinkRequest;
    expect(request.path).toBe('/services/T000/B000/secret-token-1');
    expect(request.headers['content-type']).toBe('application/json');
    const { text } = JSON.parse(request.body) as { text: string };
    expect(text).toContain('*2 new jobs for “Ada &lt;data&gt;”');
    expect(text).toContain('1. <https://jobs.example.com/apply/j1?src=digest&x=1|Data Engineer>');
    expect(text).toContain('|Analytics &lt;Engineer&gt; ¦ Lead>');
    const chatRows = (await notificationLog(db.url)).filter((row) => row.job_id.startsWith('chat-alert:'));
    expect(chatRows).toEqual([
      expect.objectContaining({ job_id: `chat-alert:2026-12-03/p${ada}/run-1`, delivery_status: 'sent' }),
    ]);
    expect(logLines.join('')).not.toContain('secret-token-1');
  });

  it('posts an ntfy topic as plain text with an encoded title', async () => {
    const ada = await insertProfile(db.url, { name: 'Données', email: 'ada@example.com' });
    await setProfile(ada, 'chat_webhook_url = $2', [`${chatBase}/ntfy/jobs-topic`]);
    await insertJobs(db.url, [{ jobId: 'j1', title: 'Data Engineer', scores: { [ada]: 90 } }]);

    const summary = await run();
    expect(summary.results).toMatchObject([{ status: 'sent', chat: { kind: 'ntfy', status: 'sent' } }]);
    expect(chatRequests()).toHaveLength(1);
    const request = chatRequests()[0] as ChatSinkRequest;
    expect(request.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(request.headers.title).toMatch(/^=\?UTF-8\?B\?/);
    expect(Buffer.from(String(request.headers.title).slice(10, -2), 'base64').toString('utf8')).toBe(
      '1 new job for “Données” · 3 Dec 2026',
    );
    expect(request.body).toBe(
      '1. Data Engineer · Acme Analytics · 90/100\n   https://jobs.example.com/apply/j1?src=digest&x=1',
    );
  });

  it('records a refused post as failed, keeps the mail, and does not retry it', async () => {
    const ada = await insertProfile(db.url, { name: 'Ada', email: 'ada@example.com' });
    await setProfile(ada, 'chat_webhook_url = $2', [`${chatBase}/hooks/secret-token-2`]);
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    chatSink.answerWith(500);

    const summary = await run();
    expect(summary.results).toMatchObject([
      {
        status: 'sent',
        jobs: ['j1'],
        chat: { status: 'failed', error: 'ChatError: the slack webhook answered HTTP 500' },
      },
    ]);
    expect(await received()).toHaveLength(1);
    chatSink.answerWith(200);
    await run({ runId: 'run-2' });
    expect(chatRequests()).toHaveLength(1);
    const chatRows = (await notificationLog(db.url)).filter((row) => row.job_id.startsWith('chat-alert:'));
    expect(chatRows.map((row) => row.delivery_status)).toEqual(['failed']);
    expect(logLines.join('')).not.toContain('secret-token-2');
  });

  it('sends no chat alert in a dry run or for an empty digest', async () => {
    const ada = await insertProfile(db.url, { name: 'Ada', email: 'ada@example.com' });
    await setProfile(ada, 'chat_webhook_url = $2', [`${chatBase}/hooks/x`]);
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    await run({ dryRun: true });
    expect(chatRequests()).toHaveLength(0);
    await withClient(db.url, (client) => client.query('truncate marts.dim_ranking'));
    const empty = await run();
    expect(empty.results).toMatchObject([{ status: 'sent', kind: 'empty' }]);
    expect(chatRequests()).toHaveLength(0);
  });
});
