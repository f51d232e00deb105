// Sign-in links go out through the notifier's mail path (nodemailer over SMTP_URL, TLS required
// beyond loopback, and/or .eml files in an outbox folder): the same transport as the digests.
import { createMailer, type Mailer } from '@jobs/notifier/send';
import { env } from '$env/dynamic/private';
import { LINK_MINUTES } from './accounts.ts';

let mailer: Mailer | null | undefined;

function signInMailer(): Mailer | null {
  if (mailer === undefined) {
    const smtpUrl = env.SMTP_URL?.trim() || null;
    const outboxDir = env.UI_MAIL_OUTBOX?.trim() || null;
    mailer = smtpUrl || outboxDir ? createMailer({ from: mailFrom(), smtpUrl, outboxDir, pooled: false }) : null;
  }
  return mailer;
}

const mailFrom = (): string => env.UI_MAIL_FROM?.trim() || env.MAIL_FROM?.trim() || 'Job profiles <jobs-ui@localhost>';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The message itself (pure). */
export function signInMessage(link: string): { subject: string; text: string; html: string } {
  const text = [
    'Someone (hopefully you) asked to sign in to the job profiles app with this address.',
    '',
    `Sign in: ${link}`,
    '',
    `The link works once, for ${LINK_MINUTES} minutes. If you did not ask for it, ignore this mail.`,
  ].join('\n');
  const html = `<p>Someone (hopefully you) asked to sign in to the job profiles app with this address.</p>
<p><a href="${escapeHtml(link)}">Sign in</a></p>
<p>The link works once, for ${LINK_MINUTES} minutes. If you did not ask for it, ignore this mail.</p>`;
  return { subject: 'Your sign-in link', text, html };
}

/**
 * Sends the link without making the request wait for the mail server, so an address with an
 * account answers as fast as one without. Failures are logged without the address.
 */
export function sendSignInLink(to: string, link: string): void {
  const transport = signInMailer();
  if (!transport) {
    console.error('jobs-ui: cannot mail a sign-in link: set SMTP_URL or UI_MAIL_OUTBOX');
    return;
  }
  const id = `sign-in-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  transport
    .deliver({ to, digest: signInMessage(link), digestId: id })
    .catch((error: Error) => console.error(`jobs-ui: sign-in mail ${id} failed: ${error.message}`));
}
