// Pure: the signed one-click links a digest carries (feedback per job card, unsubscribe per
// digest), pointing at the profile app's token-signed routes under /t/.
import { type FeedbackKind, linkExpiry, signLinkToken } from './link-token.ts';

export interface LinkSigning {
  /** LINK_SIGNING_SECRET, or the one kept under .local/ (loadLinkSecret). */
  secret: string;
  /** When the links are made (their expiry counts from here). */
  nowMs: number;
}

const base = (uiPublicUrl: string) => uiPublicUrl.replace(/\/+$/, '');

export function feedbackUrl(
  uiPublicUrl: string,
  signing: LinkSigning,
  profileId: number,
  jobId: string,
  kind: FeedbackKind,
): string {
  const token = signLinkToken({ kind, profileId, jobId, expiresAt: linkExpiry(kind, signing.nowMs) }, signing.secret);
  return `${base(uiPublicUrl)}/t/feedback/${token}`;
}

export function unsubscribeUrl(uiPublicUrl: string, signing: LinkSigning, profileId: number): string {
  const token = signLinkToken(
    { kind: 'unsubscribe', profileId, jobId: null, expiresAt: linkExpiry('unsubscribe', signing.nowMs) },
    signing.secret,
  );
  return `${base(uiPublicUrl)}/t/unsubscribe/${token}`;
}

/** The `mailto:` alternative of List-Unsubscribe: a message to the sender naming the profile. */
export function unsubscribeMailto(mailFrom: string, profileId: number): string | null {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
  if (!/^[^\s@<>,;:"]+@[^\s@<>,;:"]+$/.test(address)) return null;
  return `mailto:${address}?subject=${encodeURIComponent(`unsubscribe profile ${profileId}`)}`;
}

/** The two header lines of RFC 8058 one-click unsubscribe (RFC 2369 List-Unsubscribe). */
export function listUnsubscribeHeaders(httpsUrl: string, mailto: string | null): Record<string, string> {
  return {
    'List-Unsubscribe': [httpsUrl, mailto]
      .filter(Boolean)
      .map((uri) => `<${uri}>`)
      .join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
