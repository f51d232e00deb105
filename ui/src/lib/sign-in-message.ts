// The sign-in mail (pure): what the one-time link's message says, as text and HTML.

export const LINK_MINUTES = 15;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
