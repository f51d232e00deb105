// I/O: turn a rendered digest into one MIME message and deliver it: over pooled SMTP, into an
// outbox folder (.eml + .html), or both. The message is built once, so the .eml on disk is
// byte-for-byte what the SMTP server received.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { redactUrl } from './config.ts';
import type { RenderedDigest } from './render.ts';

export class SendError extends Error {
  override name = 'SendError';
  constructor(
    message: string,
    readonly recipient: string,
    readonly smtpResponse?: string,
  ) {
    super(message);
  }
}

export interface OutgoingMessage {
  to: string;
  digest: RenderedDigest;
  /** Stable id of the digest; becomes the Message-ID and the outbox file name. */
  digestId: string;
  editUrl?: string;
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
      ...(message.editUrl ? { 'List-Unsubscribe': `<${message.editUrl}>` } : {}),
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
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        pool: options.pooled ?? true,
        maxConnections: options.maxConnections ?? 5,
        maxMessages: Number.POSITIVE_INFINITY,
      })
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
      const { raw, messageId } = await buildRawMessage(options.from, message);
      const outboxFiles: string[] = [];
      if (options.outboxDir) {
        await mkdir(options.outboxDir, { recursive: true });
        const base = join(options.outboxDir, safeFileName(message.digestId));
        await writeFile(`${base}.eml`, raw);
        await writeFile(`${base}.html`, message.digest.html);
        outboxFiles.push(`${base}.eml`, `${base}.html`);
      }
      if (!transport) return { messageId, outboxFiles };
      try {
        const info = await transport.sendMail({
          envelope: { from: bareAddress(options.from), to: bareAddress(message.to) },
          raw,
        });
        const rejected = (info.rejected ?? []).map(String);
        if (rejected.length > 0 || (info.accepted ?? []).length === 0) {
          throw new SendError(`the SMTP server refused ${message.to}`, message.to, info.response);
        }
        return { messageId, smtpResponse: info.response, outboxFiles };
      } catch (error) {
        if (error instanceof SendError) throw error;
        const failure = error as { message?: string; response?: string };
        throw new SendError(
          `sending to ${message.to} failed: ${failure.message ?? String(error)}`,
          message.to,
          failure.response,
        );
      }
    },
    async close() {
      transport?.close();
    },
  };
}
