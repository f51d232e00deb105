// I/O: turn a rendered digest into one MIME message and deliver it: over pooled SMTP, into an
// outbox folder (.eml + .html), or both. The message is built once, so the .eml on disk is
// byte-for-byte what the SMTP server received.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { redactUrl } from './config.ts';
import type { RenderedDigest } from './render.ts';

/**
 * How a failed delivery ended. `refused`: the server (or our own check) turned the message down
 * before its data was sent, so nothing went out and sending again is safe. `unknown`: the data may
 * have reached the server (dropped connection, timeout, a 4xx/5xx answer after DATA, or any error
 * whose stage is unclear), so it may have been delivered: never sent again automatically.
 */
export type DeliveryOutcome = 'refused' | 'unknown';

/** Errors carry no e-mail address: the caller names the profile instead. */
export class SendError extends Error {
  override name = 'SendError';
  constructor(
    message: string,
    readonly outcome: DeliveryOutcome,
    readonly smtpResponse?: string,
  ) {
    super(message);
  }
}

/** Anything shaped like an e-mail address, replaced (SMTP replies often quote the recipient). */
export const redactAddresses = (text: string): string =>
  text.replace(/[^\s<>()[\]@,;:"']+@[^\s<>()[\]@,;:"']+/g, '[address]');

// Errors that nodemailer raises only before any message data is written: the envelope (MAIL FROM,
// RCPT TO, or the DATA command itself) was refused, login or TLS failed, or no connection was made.
const REFUSED_BEFORE_DATA = new Set(['EENVELOPE', 'EAUTH', 'ETLS', 'EREQUIRETLS', 'EDNS']);
const NO_CONNECTION = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const BEFORE_CONNECTION_TIMEOUTS = new Set(['CONNECTION_TIMEOUT', 'GREETING_TIMEOUT', 'DNS_TIMEOUT', 'TLS_TIMEOUT']);

/** Pure: whether a nodemailer error proves nothing was delivered. Anything unproven is unknown. */
export function classifySmtpError(error: unknown): DeliveryOutcome {
  const failure = (error ?? {}) as { code?: string; errno?: unknown; timeoutType?: string; syscall?: string };
  if (failure.code && REFUSED_BEFORE_DATA.has(failure.code)) return 'refused';
  if (failure.code === 'ETIMEDOUT' && failure.timeoutType && BEFORE_CONNECTION_TIMEOUTS.has(failure.timeoutType)) {
    return 'refused';
  }
  // nodemailer replaces a socket error's code with its own; the syscall says it never connected.
  if (failure.syscall === 'connect' || failure.syscall === 'getaddrinfo') return 'refused';
  if (typeof failure.errno === 'string' && NO_CONNECTION.has(failure.errno)) return 'refused';
  return 'unknown';
}

/**
 * The one address a digest goes to. The stored e-mail was validated when saved, but it is checked
 * again here: exactly one plain address, no display name, group, list or line break.
 */
export function singleRecipient(raw: string): string {
  const value = raw.trim();
  const parsed = addressparser(value, { flatten: true });
  const address = parsed.length === 1 ? parsed[0]?.address : undefined;
  if (
    !address ||
    address !== value ||
    value.length > 254 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    !/^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+\.[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f.]+$/.test(
      value,
    )
  ) {
    throw new SendError('the stored e-mail is not exactly one address', 'refused');
  }
  return value;
}

/** Loopback SMTP (the local sink, a relay on this host) may be plain; anything else needs TLS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** nodemailer transport options for an SMTP URL. Pure. */
export function smtpTransportOptions(
  smtpUrl: string,
  options: { pooled?: boolean; maxConnections?: number; socketTimeoutMs?: number } = {},
) {
  const url = new URL(smtpUrl);
  return {
    url: smtpUrl,
    pool: options.pooled ?? true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Number.POSITIVE_INFINITY,
    // STARTTLS is required (not just tried) beyond loopback: no credentials or digests in clear.
    requireTLS: url.protocol === 'smtp:' && !isLoopbackHost(url.hostname),
    socketTimeout: options.socketTimeoutMs ?? 60_000,
  };
}

export interface OutgoingMessage {
  to: string;
  digest: RenderedDigest;
  /** Stable id of the digest; becomes the Message-ID and the outbox file name. */
  digestId: string;
  /** RFC 2369/8058 header lines (links.ts listUnsubscribeHeaders). */
  listHeaders?: Record<string, string>;
}

export interface DeliveryResult {
  messageId: string;
  smtpResponse?: string;
  outboxFiles: string[];
}

export interface Mailer {
  deliver(message: OutgoingMessage): Promise<DeliveryResult>;
  close(): Promise<void>;
  readonly description: string;
}

export interface MailerOptions {
  from: string;
  smtpUrl?: string | null;
  outboxDir?: string | null;
  /** Pooled SMTP connections. */
  maxConnections?: number;
  /** Keep connections open between messages (default). Only the benchmark turns this off. */
  pooled?: boolean;
  /** How long a silent server is waited for (also after the message data) before giving up. */
  socketTimeoutMs?: number;
}

/** The bare address of `Name <addr>` (the SMTP envelope wants only the address). */
export const bareAddress = (address: string) => /<([^<>]+)>\s*$/.exec(address)?.[1]?.trim() ?? address.trim();

const safeFileName = (digestId: string) => digestId.replace(/[^A-Za-z0-9._-]+/g, '_');

export async function buildRawMessage(
  from: string,
  message: OutgoingMessage,
): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = `<${safeFileName(message.digestId)}@jobs-notifier.local>`;
  const composer = new MailComposer({
    from,
    to: message.to,
    subject: message.digest.subject,
    text: message.digest.text,
    // The HTML goes base64 (encoded natively, ~3x cheaper than quoted-printable for ~50 KB of
    // markup; the outbox keeps a readable .html copy). The text part stays quoted-printable so
    // the .eml reads as text. Explicit encodings also skip nodemailer's scan of each body.
    html: { content: message.digest.html, contentTransferEncoding: 'base64' },
    messageId,
    textEncoding: 'quoted-printable',
    headers: {
      'X-Digest-Id': message.digestId,
      ...message.listHeaders,
    },
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, built) => (error ? reject(error) : resolve(built))),
  );
  return { raw, messageId };
}

export function createMailer(options: MailerOptions): Mailer {
  if (!options.smtpUrl && !options.outboxDir) {
    throw new Error('a mailer needs SMTP_URL, an outbox folder, or both');
  }
  const transport = options.smtpUrl
    ? nodemailer.createTransport(
        smtpTransportOptions(options.smtpUrl, {
          ...(options.pooled === undefined ? {} : { pooled: options.pooled }),
          ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
          ...(options.socketTimeoutMs === undefined ? {} : { socketTimeoutMs: options.socketTimeoutMs }),
        }),
      )
    : null;
  const description = [
    options.smtpUrl ? `smtp ${redactUrl(options.smtpUrl)}${options.pooled === false ? '' : ' (pooled)'}` : null,
    options.outboxDir ? `outbox ${options.outboxDir}` : null,
  ]
    .filter(Boolean)
    .join(' + ');

  return {
    description,
    async deliver(message) {
      const recipient = singleRecipient(message.to);
      const { raw, messageId } = await buildRawMessage(options.from, { ...message, to: recipient });
      const outboxFiles: string[] = [];
      if (options.outboxDir) {
        await mkdir(options.outboxDir, { recursive: true });
        const base = join(options.outboxDir, safeFileName(message.digestId));
        await writeFile(`${base}.eml`, raw);
        await writeFile(`${base}.html`, message.digest.html);
        outboxFiles.push(`${base}.eml`, `${base}.html`);
      }
      if (!transport) return { messageId, outboxFiles };
      let info: { accepted?: unknown[]; rejected?: unknown[]; response?: string };
      try {
        info = await transport.sendMail({ envelope: { from: bareAddress(options.from), to: recipient }, raw });
      } catch (error) {
        const failure = error as { message?: string; response?: string; code?: string };
        const outcome = classifySmtpError(error);
        const what = outcome === 'refused' ? 'refused before the message data' : 'outcome unknown after sending began';
        throw new SendError(
          redactAddresses(`SMTP ${what} (${failure.code ?? 'error'}): ${failure.message ?? String(error)}`),
          outcome,
          failure.response === undefined ? undefined : redactAddresses(failure.response),
        );
      }
      // One recipient: nodemailer throws EENVELOPE when it is refused, so this is belt and braces.
      if ((info.rejected ?? []).length > 0 || (info.accepted ?? []).length !== 1) {
        throw new SendError('the SMTP server refused the recipient', 'refused', redactAddresses(info.response ?? ''));
      }
      return { messageId, smtpResponse: info.response, outboxFiles };
    },
    async close() {
      transport?.close();
    },
  };
}
