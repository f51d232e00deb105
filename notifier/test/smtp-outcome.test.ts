// Never mail twice: a real smtp-server on loopback that misbehaves at each stage of a delivery.
// Refused before DATA → the jobs are marked failed and go out on the next run. Accepted data
// followed by a dropped connection, a timeout, or a 4xx answer → the outcome is unknown: the jobs
// stay reserved, the summary alerts, and the next run (to a healthy server) does not send them.
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { exitCodeFor, type NotifyOptions, runNotify } from '../src/notify.ts';
import type { DigestTemplate } from '../src/render.ts';
import { createMailer, SendError } from '../src/send.ts';
import { loadDigestTemplate } from '../src/templates.ts';
import { createWarehouseDatabase, insertJobs, insertProfile, notificationLog, withClient } from './support/marts.ts';

type Behaviour = 'accept' | 'refuse-rcpt' | 'busy-rcpt' | 'drop-after-data' | 'silent-after-data' | '451-after-data';

interface Server {
  port: number;
  /** Messages whose data the server read completely, whatever it answered afterwards. */
  dataReceived: string[];
  close(): Promise<void>;
}

async function startServer(behaviour: Behaviour): Promise<Server> {
  const dataReceived: string[] = [];
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (behaviour === 'refuse-rcpt' || behaviour === 'busy-rcpt') {
        const code = behaviour === 'refuse-rcpt' ? 550 : 451;
        callback(Object.assign(new Error(`<${address.address}> not here`), { responseCode: code }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        dataReceived.push(session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','));
        if (behaviour === 'accept') callback();
        else if (behaviour === '451-after-data') {
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        } else if (behaviour === 'drop-after-data') {
          for (const socket of sockets) socket.destroy();
        }
        // silent-after-data: never answers; the client's socket timeout ends it.
      });
    },
  });
  server.on('error', () => {});
  const net = (server as unknown as { server: import('node:net').Server }).server;
  net.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = net.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    dataReceived,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const silent = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;
let template: DigestTemplate;

const options = (runId: string): NotifyOptions => ({
  topN: 3,
  uiPublicUrl: 'http://127.0.0.1:3000',
  runId,
  digestDate: '2026-11-28',
  dryRun: false,
  linkSecret: 'notify-test-link-secret-of-32-characters-or-more',
  mailFrom: 'Job digest <digest@example.com>',
  concurrency: 1,
});

async function notifyThrough(server: Server, runId: string) {
  const mailer = createMailer({
    from: 'Job digest <digest@example.com>',
    smtpUrl: `smtp://127.0.0.1:${server.port}`,
    maxConnections: 1,
    // Long enough for a loaded machine to answer, short enough for the silent server.
    socketTimeoutMs: 3_000,
  });
  try {
    return await runNotify(options(runId), { pool, template, mailer, logger: silent });
  } finally {
    await mailer.close();
  }
}

beforeAll(async () => {
  db = await createWarehouseDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  template = await loadDigestTemplate();
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

beforeEach(async () => {
  await withClient(db.url, (client) =>
    client.query(`truncate marts.notification_log, marts.fact_jobs_stored, marts.dim_ranking;
                  delete from marts.profile_preferences;`),
  );
});

describe('ambiguous SMTP outcomes', () => {
  it.each([
    ['the connection drops after the data was accepted', 'drop-after-data'],
    ['the server goes silent after the data', 'silent-after-data'],
    ['the server answers 451 after the data', '451-after-data'],
  ] as const)(
    '%s: the jobs stay reserved, the run alerts, and no later run sends them again',
    async (_what, behaviour) => {
      const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
      await insertJobs(db.url, [
        { jobId: 'j1', scores: { [ada]: 90 } },
        { jobId: 'j2', scores: { [ada]: 80 } },
      ]);
      const broken = await startServer(behaviour);
      const first = await notifyThrough(broken, 'run-1').finally(() => broken.close());
      expect(broken.dataReceived).toEqual(['ada@example.com']);
      expect(first).toMatchObject({ sent: 0, failed: 0, unknown: 1 });
      expect(first.results[0]).toMatchObject({ profile_id: ada, status: 'unknown', jobs: ['j1', 'j2'] });
      expect(first.alerts).toHaveLength(1);
      expect(first.alerts[0]).toMatch(new RegExp(`^profile ${ada}: digest 2026-11-28/p${ada}/run-1 may or may not`));
      expect(exitCodeFor(first)).toBe(1);
      expect(JSON.stringify(first)).not.toContain('ada@example.com');
      expect((await notificationLog(db.url)).map((row) => row.delivery_status)).toEqual(['reserved', 'reserved']);

      // The next run, to a healthy server, sends nothing: those jobs may already be in the inbox.
      const healthy = await startServer('accept');
      const second = await notifyThrough(healthy, 'run-2').finally(() => healthy.close());
      expect(healthy.dataReceived).toEqual([]);
      expect(second).toMatchObject({ sent: 0, unknown: 0 });
      expect((await notificationLog(db.url)).map((row) => row.delivery_status)).toEqual(['reserved', 'reserved']);
    },
  );
});

describe('refusals before DATA', () => {
  it.each([
    ['a permanent refusal of the recipient (550)', 'refuse-rcpt'],
    ['a temporary refusal of the recipient (451)', 'busy-rcpt'],
  ] as const)('%s: nothing was sent, so the jobs go out on the next run', async (_what, behaviour) => {
    const ada = await insertProfile(db.url, { name: 'Data', email: 'ada@example.com' });
    await insertJobs(db.url, [{ jobId: 'j1', scores: { [ada]: 90 } }]);
    const refusing = await startServer(behaviour);
    const first = await notifyThrough(refusing, 'run-1').finally(() => refusing.close());
    expect(refusing.dataReceived).toEqual([]);
    expect(first).toMatchObject({ sent: 0, failed: 1, unknown: 0, alerts: [] });
    const reason = first.results[0]?.status === 'failed' ? first.results[0].reason : '';
    expect(reason).toMatch(/^SendError: SMTP refused before the message data \(EENVELOPE\)/);
    // The server quoted the address; the reason names the profile's outcome without it.
    expect(reason).not.toContain('ada@example.com');
    expect((await notificationLog(db.url)).map((row) => row.delivery_status)).toEqual(['failed']);

    const healthy = await startServer('accept');
    const second = await notifyThrough(healthy, 'run-2').finally(() => healthy.close());
    expect(healthy.dataReceived).toEqual(['ada@example.com']);
    expect(second).toMatchObject({ sent: 1, jobs_sent: 1 });
    expect((await notificationLog(db.url)).map((row) => row.delivery_status)).toEqual(['sent']);
  });

  it('a stored e-mail that is not exactly one address is refused before connecting', async () => {
    const healthy = await startServer('accept');
    try {
      for (const email of [
        'ada@example.com, eve@example.com',
        'Ada <ada@example.com>',
        'ada@example.com\r\nBcc: x@y.z',
      ]) {
        await withClient(db.url, (client) => client.query('delete from marts.profile_preferences'));
        const ada = await insertProfile(db.url, { name: 'Data', email });
        await insertJobs(db.url, [{ jobId: `j-${email.length}`, scores: { [ada]: 90 } }]);
        const summary = await notifyThrough(healthy, `run-${email.length}`);
        expect(summary, email).toMatchObject({ sent: 0, failed: 1 });
        expect(summary.results[0], email).toMatchObject({
          status: 'failed',
          reason: 'SendError: the stored e-mail is not exactly one address',
        });
      }
      expect(healthy.dataReceived).toEqual([]);
    } finally {
      await healthy.close();
    }
  });
});

describe('TLS beyond loopback', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

  // Over a real connection: the same plain-text server is fine on loopback and refused on this
  // machine's own non-loopback address, before anything (login, envelope, data) is sent.
  it.runIf(external)('a server that offers no STARTTLS is refused on a non-loopback address', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          received.push('message');
          callback();
        });
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve) => server.listen(0, external, () => resolve()));
    const net = (server as unknown as { server: import('node:net').Server }).server;
    const port = (net.address() as import('node:net').AddressInfo).port;
    const mailer = createMailer({ from: 'digest@example.com', smtpUrl: `smtp://${external}:${port}`, pooled: false });
    const digest = { subject: 's', html: '<p>h</p>', text: 't' };
    try {
      const failure = await mailer.deliver({ to: 'ada@example.com', digest, digestId: 'd1' }).catch((error) => error);
      expect(failure).toBeInstanceOf(SendError);
      expect(failure).toMatchObject({ outcome: 'refused' });
      expect(received).toEqual([]);
    } finally {
      await mailer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
