// End to end over real parts: PostgreSQL (a clone of the dbt warehouse), the real MJML template,
// nodemailer's pooled SMTP transport, and smtp-server on loopback; mail parsed with mailparser.
import { type ParsedMail, simpleParser } from 'mailparser';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { verifyLinkToken } from '../src/link-token.ts';
import { exitCodeFor, type NotifyOptions, runNotify } from '../src/notify.ts';
import type { DigestTemplate } from '../src/render.ts';
import { createMailer, type Mailer } from '../src/send.ts';
import { type SmtpSink, startSmtpSink } from '../src/smtp-sink.ts';
import { loadDigestTemplate } from '../src/templates.ts';
import { createWarehouseDatabase, insertJobs, insertProfile, notificationLog, withClient } from './support/marts.ts';

const silent = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;
let sink: SmtpSink;
let template: DigestTemplate;
let mailer: Mailer;
let inbox: { to: string[]; mail: ParsedMail; raw: string }[] = [];

const options = (overrides: Partial<NotifyOptions> = {}): NotifyOptions => ({
  topN: 3,
  uiPublicUrl: 'http://127.0.0.1:3000',
  runId: 'run-1',
  digestDate: '2026-11-28',
  dryRun: false,
  linkSecret: 'notify-test-link-secret-of-32-characters-or-more',
  mailFrom: 'Job digest <digest@example.com>',
  concurrency: 3,
  ...overrides,
});

const run = (overrides: Partial<NotifyOptions> = {}) =>
  runNotify(options(overrides), { pool, template, mailer, logger: silent });

// smtp-server hands over the message before nodemailer's promise resolves; parse them all here.
const pending: Promise<void>[] = [];
async function received() {
  await Promise.all(pending);
  return inbox;
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

beforeAll(async () => {
  db = await createWarehouseDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  template = await loadDigestTemplate();
  sink = await startSmtpSink({
    rejectRecipients: (address) => address.startsWith('bounce'),
    onMessage: (raw, envelope) => {
      pending.push(
        simpleParser(raw).then((mail) => {
          inbox.push({ to: envelope.to, mail, raw: raw.toString('utf8') });
        }),
      );
    },
  });
  mailer = createMailer({
    from: 'Job digest <digest@example.com>',
    smtpUrl: `smtp://any:thing@127.0.0.1:${sink.port}`,
    maxConnections: 3,
  });
});

afterAll(async () => {
  await mailer?.close();
  await sink?.close();
  await pool?.end();
  await db?.drop();
});

beforeEach(async () => {
  await Promise.all(pending);
  inbox = [];
  await withClient(db.url, (client) =>
    client.query(`truncate marts.notification_log, marts.fact_jobs_stored, marts.dim_ranking;
                  delete from marts.dim_companies where not is_unknown_member;
                  delete from marts.profile_preferences;`),
  );
});

describe('notify over SMTP', () => {
  it('mails each active profile its top new jobs, both parts, right links, escaped values', async () => {
    const ada = await insertProfile(db.url, { name: 'Data <b>roles</b>', email: 'ada@example.com' });
    const bob = await insertProfile(db.url, { name: 'Analytics', email: 'bob@example.com' });
    const paused = await insertProfile(db.url, { name: 'Paused', email: 'paused@example.com', active: false });
    await insertJobs(db.url, [
      {
        jobId: 'j1',
        title: '<script>alert("x")</script> Senior Data Engineer',
        company: { key: 'c1', name: 'Acme & Sons', rating: 4.3 },
        salary: [100000, 130000, 'CAD'],
        scores: { [ada]: 91, [bob]: 40, [paused]: 99 },
      },
      { jobId: 'j2', employer: 'Beta Corp', isRemote: true, scores: { [ada]: 85 } },
      { jobId: 'j3', applyLink: 'javascript:alert(1)', scores: { [ada]: 80 } },
      { jobId: 'j4', scores: { [ada]: 70 } }, // beyond top N = 3
      { jobId: 'old', ageDays: 45, scores: { [ada]: 99 } }, // too old
    ]);

    const summary = await run();
    expect(summary).toMatchObject({ profiles: 2, sent: 2, failed: 0, skipped: 0, jobs_sent: 4 });
    expect(exitCodeFor(summary)).toBe(0);

    const mails = await received();
    expect(mails).toHaveLength(2);
    const adaMail = mails.find((m) => m.to.includes('ada@example.com'))?.mail as ParsedMail;
    expect(adaMail.subject).toBe('3 new jobs for “Data <b>roles</b>” · 28 Nov 2026');
    expect(adaMail.text).toContain('1. <script>alert("x")</script> Senior Data Engineer');
    expect(adaMail.text).toContain('Apply: https://jobs.example.com/apply/j1?src=digest&x=1');
    const html = adaMail.html as string;
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Senior Data Engineer');
    expect(html).not.toMatch(/<script|<b>roles/);
    expect(html).toContain('Acme &amp; Sons');
    expect(html).toContain('★ 4.3');
    expect(html).toContain('CA$100,000–CA$130,000 a year');
    expect(html).toContain('class="remote"');
    // Each job links twice, its title and its Apply button, to the same posting; the signed
    // one-click links (/t/…) are checked in "signed one-click links" below.
    expect(
      hrefs(html)
        .filter((href) => !href?.includes('/t/'))
        .sort(),
    ).toEqual(
      [
        `http://127.0.0.1:3000/profiles/${ada}/edit`,
        'https://jobs.example.com/apply/j1?src=digest&amp;x=1',
        'https://jobs.example.com/apply/j1?src=digest&amp;x=1',
        'https://jobs.example.com/apply/j2?src=digest&amp;x=1',
        'https://jobs.example.com/apply/j2?src=digest&amp;x=1',
      ].sort(),
    );
    // By its apply link: a bare 'j4' can occur inside a random link signature.
    expect(html).not.toContain('/apply/j4');
    expect(html).not.toContain('/old');

    expect(await notificationLog(db.url)).toEqual([
      { profile_id: ada, job_id: 'j1', digest_id: `2026-11-28/p${ada}/run-1`, delivery_status: 'sent' },
      { profile_id: ada, job_id: 'j2', digest_id: `2026-11-28/p${ada}/run-1`, delivery_status: 'sent' },
      { profile_id: ada, job_id: 'j3', digest_id: `2026-11-28/p${ada}/run-1`, delivery_status: 'sent' },
      { profile_id: bob, job_id: 'j1', digest_id: `2026-11-28/p${bob}/run-1`, delivery_status: 'sent' },
    ]);
  });

  it('re-running never mails a job twice and stays quiet once a digest went out today', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [
      { jobId: 'j1', scores: { [ada]: 90 } },
      { jobId: 'j2', scores: { [ada]: 80 } },
    ]);
    expect(await run()).toMatchObject({ sent: 1, jobs_sent: 2 });
    const retry = await run();
    expect(retry).toMatchObject({ sent: 0, skipped: 1, jobs_sent: 0 });
    expect(retry.results[0]).toMatchObject({ status: 'skipped', reason: 'no_new_jobs_already_mailed_today' });
    expect(await run({ runId: 'run-2' })).toMatchObject({ sent: 0, skipped: 1 });

    // A new posting arrives: the next run sends only that one.
    await insertJobs(db.url, [{ jobId: 'j3', scores: { [ada]: 99 } }]);
    expect(await run({ runId: 'run-3' })).toMatchObject({ sent: 1, jobs_sent: 1 });

    const mails = await received();
    expect(mails).toHaveLength(2);
    expect(mails[1]?.mail.text).toContain('Data Engineer j3');
    expect(mails[1]?.mail.text).not.toContain('Data Engineer j1');
    const log = await notificationLog(db.url);
    expect(log.map((row) => row.job_id)).toEqual(['j1', 'j2', 'j3']);
    expect(new Set(log.map((row) => row.delivery_status))).toEqual(new Set(['sent']));
  });

  it('two runs at the same time still mail each job once', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [
      { jobId: 'j1', scores: { [ada]: 90 } },
      { jobId: 'j2', scores: { [ada]: 80 } },
    ]);
    const [first, second] = await Promise.all([run({ runId: 'run-a' }), run({ runId: 'run-b' })]);
    expect(first.jobs_sent + second.jobs_sent).toBe(2);
    const mails = await received();
    const mailedJobs = mails.flatMap((mail) =>
      [...(mail.mail.text ?? '').matchAll(/Data Engineer (j\d)/g)].map((m) => m[1]),
    );
    expect(mailedJobs.sort()).toEqual(['j1', 'j2']);
    expect((await notificationLog(db.url)).map((row) => row.delivery_status)).toEqual(['sent', 'sent']);
  });

  it('a job reserved by a crashed run is never sent again (record first)', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [
      { jobId: 'j1', scores: { [ada]: 90 } },
      { jobId: 'j2', scores: { [ada]: 80 } },
    ]);
    await withClient(db.url, (client) =>
      client.query(
        `insert into marts.notification_log (profile_id, job_id, digest_id, delivery_status)
         values ($1, 'j1', $2, 'reserved')`,
        [ada, `2026-11-27/p${ada}/crashed`],
      ),
    );
    expect(await run()).toMatchObject({ sent: 1, jobs_sent: 1 });
    const [mail] = await received();
    expect(mail?.mail.text).toContain('Data Engineer j2');
    expect(mail?.mail.text).not.toContain('Data Engineer j1');
  });

  it('a refused recipient fails only that profile; the failed jobs go out on the next run', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    const bounce = await insertProfile(db.url, { name: 'Bouncy', email: 'bounce@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90, [bounce]: 90 } }]);

    const summary = await run();
    expect(summary).toMatchObject({ sent: 1, failed: 1 });
    expect(exitCodeFor(summary)).toBe(0);
    const failed = summary.results.find((result) => result.profile_id === bounce);
    expect(failed).toMatchObject({ status: 'failed', jobs: ['j1'] });
    expect(failed?.status === 'failed' && failed.reason).toMatch(/^SendError: SMTP refused before the message data/);
    // Logs, the summary and the run metrics name the profile; its address stays out of them.
    expect(JSON.stringify(summary)).not.toContain('bounce@example.com');
    expect((await received()).map((m) => m.to)).toEqual([['ada@example.com']]);
    expect(await notificationLog(db.url)).toMatchObject([
      { profile_id: ada, job_id: 'j1', delivery_status: 'sent' },
      { profile_id: bounce, job_id: 'j1', delivery_status: 'failed' },
    ]);

    // Fixed address, next run: the failed job is claimed again and delivered once.
    await withClient(db.url, (client) =>
      client.query(`update marts.profile_preferences set email = 'fixed@example.com' where profile_id = $1`, [bounce]),
    );
    const retry = await run({ runId: 'run-2' });
    expect(retry).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
    expect(await notificationLog(db.url)).toMatchObject([
      { profile_id: ada, job_id: 'j1', delivery_status: 'sent' },
      { profile_id: bounce, job_id: 'j1', delivery_status: 'sent', digest_id: `2026-11-28/p${bounce}/run-2` },
    ]);
  });

  it('sends a "nothing new" note once a day by default, and nothing to profiles that opted out', async () => {
    const note = await insertProfile(db.url, { name: 'Quiet week', email: 'note@example.com' });
    await insertProfile(db.url, { name: 'Opted out', email: 'optout@example.com', notifyWhenEmpty: false });
    const first = await run();
    expect(first).toMatchObject({ sent: 1, skipped: 1 });
    expect(first.results.find((result) => result.profile_id === note)).toMatchObject({ status: 'sent', kind: 'empty' });
    expect(await run({ runId: 'run-2' })).toMatchObject({ sent: 0, skipped: 2 });
    const mails = await received();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.subject).toBe('No new jobs today for “Quiet week” · 28 Nov 2026');
    expect(mails[0]?.mail.text).toContain('Nothing new today');
    expect(await notificationLog(db.url)).toMatchObject([
      { profile_id: note, job_id: 'empty-digest:2026-11-28', delivery_status: 'sent' },
    ]);
  });

  it('mails no filler below the minimum score: a day with nothing above it is a "nothing new" note', async () => {
    const picky = await insertProfile(db.url, { name: 'Picky', email: 'picky@example.com', minMailScore: 60 });
    const quiet = await insertProfile(db.url, {
      name: 'Quiet',
      email: 'quiet@example.com',
      minMailScore: 60,
      notifyWhenEmpty: false,
    });
    await insertJobs(db.url, [
      { jobId: 'good', title: 'Above the minimum', scores: { [picky]: 75 } },
      { jobId: 'filler', title: 'Jr. ETL Developer', scores: { [picky]: 43, [quiet]: 43 } },
    ]);
    const summary = await run();
    expect(summary.results.find((result) => result.profile_id === picky)).toMatchObject({
      status: 'sent',
      kind: 'jobs',
      jobs: ['good'],
    });
    expect(summary.results.find((result) => result.profile_id === quiet)).toMatchObject({ status: 'skipped' });
    const mails = await received();
    expect(mails.map((m) => m.to)).toEqual([['picky@example.com']]);
    expect(mails[0]?.mail.text).not.toContain('Jr. ETL Developer');
    // The next day only the filler is left: the note, not the filler.
    expect(await run({ runId: 'run-2', digestDate: '2026-11-29' })).toMatchObject({ sent: 1 });
    const [, note] = await received();
    expect(note?.mail.subject).toBe('No new jobs today for “Picky” · 29 Nov 2026');
  });

  it('signed one-click links: feedback per job card, RFC 8058 unsubscribe headers and footer link', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [
      { jobId: 'j1', scores: { [ada]: 90 } },
      { jobId: 'j=2/x', scores: { [ada]: 80 } },
    ]);
    const before = Date.now();
    expect(await run()).toMatchObject({ sent: 1 });
    const mails = await received();
    expect(mails).toHaveLength(1);
    const { mail, raw } = mails[0] as { mail: ParsedMail; raw: string };
    const secret = options().linkSecret;

    // Both header lines, unfolded: the signed URL first, then the mailto.
    const header = (name: string) =>
      new RegExp(`^${name}:((?:.*)(?:\r\n[ \t].*)*)`, 'mi')
        .exec(raw)?.[1]
        ?.replace(/\r\n[ \t]+/g, ' ')
        .trim();
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = header('List-Unsubscribe') ?? '';
    const match =
      /^<(http:\/\/127\.0\.0\.1:3000\/t\/unsubscribe\/([^>]+))>, <mailto:digest@example\.com\?subject=unsubscribe%20profile%20(\d+)>$/.exec(
        listUnsubscribe,
      );
    expect(match, listUnsubscribe).not.toBeNull();
    const [, unsubscribeUrl, unsubscribeToken, mailtoProfile] = match as RegExpExecArray;
    expect(Number(mailtoProfile)).toBe(ada);
    const unsubscribe = verifyLinkToken(unsubscribeToken as string, secret);
    expect(unsubscribe).toMatchObject({ ok: true, claims: { kind: 'unsubscribe', profileId: ada, jobId: null } });
    // A year to work, counted from the run.
    const expiresAt = unsubscribe.ok ? unsubscribe.claims.expiresAt * 1000 : 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 364 * 86_400_000);
    expect(verifyLinkToken(unsubscribeToken as string, 'another-secret-of-at-least-thirty-two-chars').ok).toBe(false);

    // The footer's unsubscribe link is the same page; the edit link stays too.
    const html = mail.html as string;
    expect(hrefs(html)).toContain(unsubscribeUrl);
    expect(mail.text).toContain(`Unsubscribe (pause this digest): ${unsubscribeUrl}`);

    // Each card: "Not interested" and "I applied", each signed for its own profile, job and kind.
    const feedback = hrefs(html)
      .filter((href): href is string => !!href?.includes('/t/feedback/'))
      .map((href) => verifyLinkToken(href.split('/t/feedback/')[1] as string, secret));
    expect(feedback.map((result) => (result.ok ? [result.claims.jobId, result.claims.kind] : result.reason))).toEqual([
      ['j1', 'not_interested'],
      ['j1', 'applied'],
      ['j=2/x', 'not_interested'],
      ['j=2/x', 'applied'],
    ]);
    expect(feedback.every((result) => result.ok && result.claims.profileId === ada)).toBe(true);
    expect(mail.text).toMatch(/Not interested: http:\/\/127\.0\.0\.1:3000\/t\/feedback\/v1\./);
  });

  it('--profile limits the run to one profile', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    const bob = await insertProfile(db.url, { name: 'Other', email: 'bob@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90, [bob]: 90 } }]);
    expect(await run({ profileId: bob })).toMatchObject({ profiles: 1, sent: 1 });
    expect((await received()).map((m) => m.to)).toEqual([['bob@example.com']]);
  });

  it("mails only jobs the profile's own search found, never query-only matches that bypassed its filters", async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [
      { jobId: 'found', title: 'Found by the search', scores: { [ada]: 60 } },
      { jobId: 'matched', title: 'Matched the query only', scores: { [ada]: 95 }, queryMatchOnly: [ada] },
    ]);
    expect(await run()).toMatchObject({ sent: 1 });
    const [message] = await received();
    expect(message?.mail.text).toContain('Found by the search');
    expect(message?.mail.text).not.toContain('Matched the query only');
  });

  it('dry run sends and records nothing and reports what it would send', async () => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    const summary = await runNotify(options({ dryRun: true }), { pool, template, mailer: null, logger: silent });
    expect(summary).toMatchObject({ dry_run: true, sent: 0, would_send: 1 });
    expect(summary.results[0]).toMatchObject({ status: 'would_send', profile_id: ada, jobs: ['j1'] });
    expect(JSON.stringify(summary)).not.toContain('ada@example.com');
    expect(await received()).toHaveLength(0);
    expect(await notificationLog(db.url)).toEqual([]);
  });
});
