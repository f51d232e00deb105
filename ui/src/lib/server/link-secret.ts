// The secret that signs digest links, shared with the notifier: LINK_SIGNING_SECRET, or the one
// made once under the repository's .local/ (@jobs/notifier/link-token). Read on first use.

import { loadLinkSecret } from '@jobs/notifier/link-token';
import { env } from '$env/dynamic/private';

let secret: string | undefined;

export function linkSecret(): string {
  secret ??= loadLinkSecret(env);
  return secret;
}
