// Sign-in links go out through the notifier's mail path (nodemailer over SMTP_URL, TLS required
// beyond loopback, and/or .eml files in an outbox folder): the same transport as the digests.
import { createMailer, type Mailer } from '@jobs/notifier/send';
import { env } from '$env/dynamic/private';
import { signInMessage } from '$lib/sign-in-message.ts';

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
