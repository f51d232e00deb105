// Chat alerts (issue 17): a profile's top new jobs as one short message to a Slack-compatible
// incoming webhook or an ntfy topic, besides the e-mail. The jobs, their order and their links are
// the digest's (SQL decided them); this file only words the message and posts it.
// A webhook URL is a secret (whoever has it can post to the channel): it is never logged, never
// put in an error message, and only its kind is reported.
import type { DigestView } from './present.ts';
import { isLoopbackHost } from './send.ts';

export type ChatKind = 'slack' | 'ntfy';

export interface ChatTarget {
  url: URL;
  kind: ChatKind;
}

export interface ChatMessage {
  kind: ChatKind;
  body: string;
  headers: Record<string, string>;
}

/** Never carries the URL or anything the server answered with in its body. */
export class ChatError extends Error {
  override name = 'ChatError';
}

/** The notification_log key of a digest's chat alert: recorded first, so it is posted at most once. */
export function chatLogJobId(digestId: string): string {
  return `chat-alert:${digestId}`;
}

/**
 * Which kind of webhook a URL is: an ntfy topic when its host names ntfy (ntfy.sh, ntfy.example.org)
 * or its path starts with /ntfy/; anything else gets Slack-compatible JSON (Slack, Mattermost,
 * Rocket.Chat, Discord's /slack endpoint). Refuses anything but https, or http on loopback.
 */
export function chatTarget(raw: string): ChatTarget {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ChatError('the chat webhook is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ChatError('the chat webhook must be an https URL (plain http only on loopback)');
  }
  if (url.username || url.password) throw new ChatError('the chat webhook must not carry credentials in the URL');
  const host = url.hostname.toLowerCase();
  const kind: ChatKind = /(^|\.)ntfy\./.test(`${host}.`) || url.pathname.startsWith('/ntfy/') ? 'ntfy' : 'slack';
  return { url, kind };
}

/** Slack's mrkdwn needs only these three escaped; a link label must not close the link. */
const slackText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const slackLabel = (text: string) => slackText(text).replace(/\|/g, '¦');

/** A header value in RFC 2047 (ntfy decodes it): subjects carry “quotes” and a middle dot. */
const headerValue = (text: string) =>
  `=?UTF-8?B?${Buffer.from(text.replace(/[\r\n]+/g, ' '), 'utf8').toString('base64')}?=`;

/** Pure: the message for a digest with jobs (a chat alert is never sent for an empty digest). */
export function chatMessage(kind: ChatKind, view: DigestView): ChatMessage {
  const heading = view.subject;
  if (kind === 'slack') {
    const lines = view.jobs.map((job) => {
      const title = job.has_apply ? `<${job.apply_url}|${slackLabel(job.title)}>` : `*${slackText(job.title)}*`;
      const also = job.also_on.map((copy) => `<${copy.url}|${slackLabel(copy.publisher)}>`).join(', ');
      return (
        `${job.rank}. ${title} · ${slackText(job.company)} · ${slackText(job.location)} · ${job.score}/100` +
        (also ? ` · also on ${also}` : '')
      );
    });
    const text = [`*${slackText(heading)}*`, ...lines, `<${view.edit_url}|Edit or pause this profile>`].join('\n');
    return { kind, body: JSON.stringify({ text }), headers: { 'content-type': 'application/json' } };
  }
  const lines = view.jobs.flatMap((job) => [
    `${job.rank}. ${job.title} · ${job.company} · ${job.score}/100`,
    ...(job.has_apply ? [`   ${job.apply_url}`] : []),
  ]);
  return {
    kind,
    body: lines.join('\n'),
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      title: headerValue(heading),
      tags: 'briefcase',
      ...(view.edit_url ? { click: view.edit_url } : {}),
    },
  };
}

/** Posts one message; any non-2xx answer or network failure is a ChatError naming only the kind. */
export async function postChat(
  target: ChatTarget,
  message: ChatMessage,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: message.headers,
      body: message.body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ChatError(`the ${target.kind} webhook could not be reached (${cause})`);
  }
  await response.body?.cancel().catch(() => {});
  if (!response.ok) throw new ChatError(`the ${target.kind} webhook answered HTTP ${response.status}`);
}
