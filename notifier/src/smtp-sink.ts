// A local SMTP sink for the demo, tests and the benchmark: accepts any sender, recipient and
// login, and writes each message as an .eml file (or just counts it when no folder is given).
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SmtpSink {
  port: number;
  host: string;
  /** Messages received so far. */
  received(): number;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  port?: number;
  host?: string;
  dir?: string | null;
  /** Recipients to refuse with 550 (tests use this for the failing-recipient case). */
  rejectRecipients?: (address: string) => boolean;
  onMessage?: (raw: Buffer, envelope: { from: string; to: string[] }) => void;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  let count = 0;
  if (options.dir) await mkdir(options.dir, { recursive: true });
  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 25 * 1024 * 1024,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sink' });
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.(address.address)) {
        const error = Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        count += 1;
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        options.onMessage?.(raw, envelope);
        if (!options.dir) return callback();
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
        writeFile(join(options.dir, name), raw).then(() => callback(), callback);
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on('error', () => {
    // Client disconnects surface here; the sink keeps serving.
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    port,
    host,
    received: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
