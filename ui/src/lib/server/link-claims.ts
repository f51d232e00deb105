// The claims of a digest link's token, or the error page that refuses it.
import { type LinkClaims, verifyLinkToken } from '@jobs/notifier/link-token';
import { error } from '@sveltejs/kit';
import type { FeedbackKind } from '$lib/feedback.ts';
import { withRowScope } from './db.ts';
import { linkSecret } from './link-secret.ts';

function verified(token: string): LinkClaims {
  const result = verifyLinkToken(token, linkSecret());
  if (result.ok) return result.claims;
  if (result.reason === 'expired') error(410, 'This link has expired. Open the profile in the app instead.');
  error(403, 'This link is not valid. Use the link in your digest exactly as it was sent.');
}

export function feedbackClaims(token: string): LinkClaims & { kind: FeedbackKind; jobId: string } {
  const claims = verified(token);
  if (claims.kind === 'unsubscribe' || claims.jobId === null) error(403, 'This is not a feedback link.');
  return claims as LinkClaims & { kind: FeedbackKind; jobId: string };
}

export function unsubscribeClaims(token: string): LinkClaims {
  const claims = verified(token);
  if (claims.kind !== 'unsubscribe') error(403, 'This is not an unsubscribe link.');
  return claims;
}

/** Token pages are private to their recipient: never stored by a cache, never indexed. */
/**
 * Runs a token route's queries as that token's one profile (row-level security): no one is signed
 * in on /t/, so without this scope the database shows such a route no rows at all.
 */
export function asTokenProfile<T>(claims: LinkClaims, work: () => Promise<T>): Promise<T> {
  return withRowScope({ tokenProfileId: claims.profileId }, work);
}

export const PRIVATE_PAGE_HEADERS = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };
