// One notify run: for every active profile choose → record → render → send → mark.
// One profile's failure is logged and recorded; the others still go out.
import type pg from 'pg';
import { ChatError, chatLogJobId, chatMessage, chatTarget, postChat } from './chat.ts';
import {
  type CandidateJob,
  decideDigest,
  digestDayPrefix,
  digestIdFor,
  emptyNoteJobId,
  type Profile,
} from './choose.ts';
import { withSafeHeaders } from './header-text.ts';
import { listUnsubscribeHeaders, unsubscribeMailto } from './links.ts';
import type { Logger } from './log.ts';
import { buildDigestView } from './present.ts';
import {
  fetchCandidates,
  listActiveProfiles,
  mailedToday,
  markDelivery,
  type Reservation,
  reserve,
} from './queries.ts';
import { type DigestTemplate, renderDigest } from './render.ts';
import { type Mailer, redactAddresses, SendError } from './send.ts';

export interface NotifyOptions {
  topN: number;
  uiPublicUrl: string;
  runId: string;
  /** YYYY-MM-DD (UTC) the digest is for. */
  digestDate: string;
  profileId?: number;
  /** Send nothing, record nothing; report what would be sent (and still fill the outbox if any). */
  dryRun: boolean;
  concurrency: number;
  /** Signs the digest's feedback and unsubscribe links (loadLinkSecret). */
  linkSecret: string;
  /** The sender, for the List-Unsubscribe mailto. */
  mailFrom: string;
}

export interface NotifyDeps {
  pool: pg.Pool;
  template: DigestTemplate;
  /** Null only in dry-run without an outbox. */
  mailer: Mailer | null;
  logger: Logger;
  /** How long a chat webhook is waited for (default 10 s). */
  chatTimeoutMs?: number;
}

/** What became of a digest's chat alert: posted, failed (never retried), or already claimed by another run. */
export type ChatOutcome = {
  kind: 'slack' | 'ntfy' | 'invalid';
  status: 'sent' | 'failed' | 'already_sent';
  error?: string;
};

export type ProfileOutcome =
  | {
      profile_id: number;
      status: 'sent';
      kind: 'jobs' | 'empty';
      jobs: string[];
      message_id: string;
      files?: string[];
      chat?: ChatOutcome;
    }
  | { profile_id: number; status: 'would_send'; kind: 'jobs' | 'empty'; jobs: string[]; subject: string }
  | { profile_id: number; status: 'skipped'; reason: string }
  // Nothing went out; the jobs are eligible again on the next run.
  | { profile_id: number; status: 'failed'; reason: string; error: string; jobs: string[] }
  // The digest may or may not have been delivered; its jobs stay reserved and are never re-sent
  // automatically (see alerts).
  | { profile_id: number; status: 'unknown'; reason: string; error: string; jobs: string[]; digest_id: string };

export interface NotifySummary {
  event: 'notify_summary';
  run_id: string;
  digest_date: string;
  dry_run: boolean;
  profiles: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Digests whose SMTP outcome is unknown: they may have been delivered. */
  unknown: number;
  would_send: number;
  jobs_sent: number;
  /** What an operator must look at: one line per digest with an unknown outcome. */
  alerts: string[];
  results: ProfileOutcome[];
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

async function notifyProfile(profile: Profile, options: NotifyOptions, deps: NotifyDeps): Promise<ProfileOutcome> {
  const { pool, logger } = deps;
  const log = logger.child({ profile_id: profile.profileId, run_id: options.runId });
  const digestId = digestIdFor(options.digestDate, profile.profileId, options.runId);
  let reservedIds: string[] = [];
  let chatKey: string | null = null;
  try {
    const chosen = await fetchCandidates(pool, profile.profileId, { limit: options.topN });
    const already = await mailedToday(pool, profile.profileId, digestDayPrefix(options.digestDate, profile.profileId));
    const decision = decideDigest(profile, chosen, already);
    if (decision.kind === 'skip') {
      log.info({ reason: decision.reason }, 'profile skipped');
      return { profile_id: profile.profileId, status: 'skipped', reason: decision.reason };
    }

    let jobs: CandidateJob[] = decision.kind === 'jobs' ? decision.jobs : [];
    const keys: Reservation[] =
      decision.kind === 'jobs'
        ? jobs.map((job) => ({ jobId: job.jobId, jobPostingKey: job.jobPostingKey, rankScore: job.rankScore }))
        : [{ jobId: emptyNoteJobId(options.digestDate), jobPostingKey: null, rankScore: null }];
    // The chat alert is recorded with the digest's jobs (record first), under a key of its own.
    const wantsChat = decision.kind === 'jobs' && !!profile.chatWebhookUrl?.trim();
    if (wantsChat) keys.push({ jobId: chatLogJobId(digestId), jobPostingKey: null, rankScore: null });

    let chatClaimed = false;
    if (!options.dryRun) {
      const owned = await reserve(pool, profile.profileId, digestId, keys);
      if (wantsChat) {
        chatClaimed = owned.delete(chatLogJobId(digestId));
        if (chatClaimed) chatKey = chatLogJobId(digestId);
      }
      reservedIds = [...owned];
      if (owned.size === 0) {
        // A concurrent or earlier run claimed everything between our read and our reservation.
        log.info('nothing left to send after reservation');
        return { profile_id: profile.profileId, status: 'skipped', reason: 'already_reserved_by_another_run' };
      }
      jobs = jobs.filter((job) => owned.has(job.jobId));
    }

    const view = withSafeHeaders(
      buildDigestView(profile, jobs, {
        digestDate: options.digestDate,
        uiPublicUrl: options.uiPublicUrl,
        linkSigning: { secret: options.linkSecret, nowMs: Date.now() },
      }),
    );
    const listHeaders = listUnsubscribeHeaders(
      view.unsubscribe_url,
      unsubscribeMailto(options.mailFrom, profile.profileId),
    );
    const digest = renderDigest(deps.template, view);
    const jobIds = jobs.map((job) => job.jobId);
    const kind = jobs.length > 0 ? 'jobs' : 'empty';

    if (options.dryRun) {
      if (deps.mailer) await deps.mailer.deliver({ to: profile.email, digest, digestId, listHeaders });
      log.info({ kind, jobs: jobIds, subject: digest.subject }, 'dry run: would send');
      return {
        profile_id: profile.profileId,
        status: 'would_send',
        kind,
        jobs: jobIds,
        subject: digest.subject,
      };
    }

    if (!deps.mailer) throw new Error('no mailer configured');
    let delivery: Awaited<ReturnType<Mailer['deliver']>>;
    try {
      delivery = await deps.mailer.deliver({ to: profile.email, digest, digestId, listHeaders });
    } catch (error) {
      if (error instanceof SendError && error.outcome === 'unknown') {
        // The server may have the message: the rows stay 'reserved', which means "never send again".
        const reason = `${error.name}: ${error.message}`;
        log.error({ reason, digest_id: digestId, jobs: reservedIds.length }, 'digest outcome unknown; not re-sent');
        return {
          profile_id: profile.profileId,
          status: 'unknown',
          reason,
          error: reason,
          jobs: reservedIds,
          digest_id: digestId,
        };
      }
      // Refused before any data was sent: the rows become eligible again on the next run.
      await markDelivery(pool, profile.profileId, digestId, [...reservedIds, ...(chatKey ? [chatKey] : [])], 'failed');
      chatKey = null;
      throw error;
    }
    try {
      await markDelivery(pool, profile.profileId, digestId, reservedIds, 'sent');
    } catch (error) {
      // The mail is out. Its rows stay 'reserved', which also means "never send again".
      log.error({ err: error }, 'digest sent, but marking it sent failed; the jobs stay reserved');
    }
    log.info({ kind, jobs: jobIds.length, message_id: delivery.messageId }, 'digest sent');
    const chat = wantsChat ? await sendChatAlert(profile, view, digestId, chatClaimed, deps) : undefined;
    chatKey = null;
    return {
      profile_id: profile.profileId,
      status: 'sent',
      kind,
      jobs: jobIds,
      message_id: delivery.messageId,
      ...(delivery.outboxFiles.length ? { files: delivery.outboxFiles } : {}),
      ...(chat ? { chat } : {}),
    };
  } catch (error) {
    // A claimed chat alert that was never posted is not left 'reserved' for ever.
    if (chatKey) await markDelivery(pool, profile.profileId, digestId, [chatKey], 'failed').catch(() => {});
    // Logs, the summary and pipeline_run_metrics name the profile, never its address.
    const reason = redactAddresses(`${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`);
    log.error({ reason }, 'profile failed');
    return { profile_id: profile.profileId, status: 'failed', reason, error: reason, jobs: reservedIds };
  }
}

/**
 * Posts the digest's chat alert once the mail is out. Recorded first (claimed with the digest's
 * jobs), so a second run never posts it again; a failed post is marked failed and not retried (its
 * jobs have been mailed). Logs name the webhook's kind, never its URL.
 */
async function sendChatAlert(
  profile: Profile,
  view: ReturnType<typeof buildDigestView>,
  digestId: string,
  claimed: boolean,
  deps: NotifyDeps,
): Promise<ChatOutcome> {
  const log = deps.logger.child({ profile_id: profile.profileId });
  let kind: ChatOutcome['kind'] = 'invalid';
  if (!claimed) return { kind, status: 'already_sent' };
  let status: 'sent' | 'failed' = 'failed';
  let error: string | undefined;
  try {
    const target = chatTarget(profile.chatWebhookUrl ?? '');
    kind = target.kind;
    await postChat(target, chatMessage(target.kind, view), { timeoutMs: deps.chatTimeoutMs });
    status = 'sent';
    log.info({ chat: kind }, 'chat alert sent');
  } catch (failure) {
    error = failure instanceof ChatError ? `${failure.name}: ${failure.message}` : 'ChatError: the post failed';
    log.error({ chat: kind, reason: error }, 'chat alert failed; not retried');
  }
  try {
    await markDelivery(deps.pool, profile.profileId, digestId, [chatLogJobId(digestId)], status);
  } catch (failure) {
    log.error({ err: failure }, 'chat alert outcome could not be recorded; it stays reserved');
  }
  return { kind, status, ...(error ? { error } : {}) };
}

export async function runNotify(options: NotifyOptions, deps: NotifyDeps): Promise<NotifySummary> {
  const profiles = await listActiveProfiles(deps.pool, options.profileId);
  deps.logger.info({ run_id: options.runId, profiles: profiles.length, dry_run: options.dryRun }, 'notify run started');
  const results = await mapLimited(profiles, options.concurrency, (profile) => notifyProfile(profile, options, deps));
  const count = (status: ProfileOutcome['status']) => results.filter((result) => result.status === status).length;
  return {
    event: 'notify_summary',
    run_id: options.runId,
    digest_date: options.digestDate,
    dry_run: options.dryRun,
    profiles: profiles.length,
    sent: count('sent'),
    skipped: count('skipped'),
    failed: count('failed'),
    unknown: count('unknown'),
    would_send: count('would_send'),
    jobs_sent: results.reduce((total, result) => total + (result.status === 'sent' ? result.jobs.length : 0), 0),
    alerts: results.flatMap((result) =>
      result.status === 'unknown'
        ? [
            `profile ${result.profile_id}: digest ${result.digest_id} may or may not have been delivered ` +
              `(${result.reason}); its ${result.jobs.length} job(s) stay reserved and are not re-sent automatically`,
          ]
        : [],
    ),
    results,
  };
}

/** Exit code: non-zero only when there was something to send and no attempt surely succeeded. */
export function exitCodeFor(summary: NotifySummary): number {
  return summary.failed + summary.unknown > 0 && summary.sent === 0 && summary.would_send === 0 ? 1 : 0;
}
