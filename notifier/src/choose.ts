// Pure: choosing a profile's digest. Which jobs go in, their order and their reasons are decided
// in SQL (marts.profile_top_jobs, fetched by queries.ts); this module decides what kind of message
// (jobs, a "nothing new" note, or none) and names it. present.ts turns it into a view; notify.ts
// records and sends.

export interface Profile {
  profileId: number;
  profileName: string;
  email: string;
  notifyWhenEmpty: boolean;
  /** Slack-compatible or ntfy webhook for chat alerts; null = none. A secret: never logged. */
  chatWebhookUrl?: string | null;
}

export interface CandidateJob {
  jobId: string;
  jobPostingKey: string | null;
  rankScore: number;
  /** The card's reasons, best first (profile_top_jobs.top_reasons). */
  reasons: string[];
  jobTitle: string | null;
  employerName: string | null;
  companyName: string | null;
  companyRating: number | null;
  jobCity: string | null;
  jobState: string | null;
  jobCountry: string | null;
  isRemote: boolean | null;
  salaryMinAnnual: number | null;
  salaryMaxAnnual: number | null;
  salaryCurrency: string | null;
  jobAgeDays: number | null;
  applyLink: string | null;
  /** The job's other board copies (profile_top_jobs.also_on). */
  alsoOn?: { publisher: string | null; applyLink: string | null }[];
}

export type DigestDecision =
  | { kind: 'jobs'; jobs: CandidateJob[] }
  | { kind: 'empty' }
  | { kind: 'skip'; reason: 'no_new_jobs_opted_out' | 'no_new_jobs_already_mailed_today' };

/**
 * Jobs when there are any; otherwise a short "nothing new" note unless the profile opted out,
 * or unless it already got a message today (a second run the same day stays quiet).
 */
export function decideDigest(profile: Profile, chosen: CandidateJob[], mailedToday: boolean): DigestDecision {
  if (chosen.length > 0) return { kind: 'jobs', jobs: chosen };
  if (!profile.notifyWhenEmpty) return { kind: 'skip', reason: 'no_new_jobs_opted_out' };
  if (mailedToday) return { kind: 'skip', reason: 'no_new_jobs_already_mailed_today' };
  return { kind: 'empty' };
}

/** Identifies one digest: the profile and day, plus the run that sent it. */
export function digestIdFor(digestDate: string, profileId: number, runId: string): string {
  return `${digestDayPrefix(digestDate, profileId)}${runId}`;
}

export function digestDayPrefix(digestDate: string, profileId: number): string {
  return `${digestDate}/p${profileId}/`;
}

/** The notification_log key of a "nothing new" note, so it goes out at most once per day. */
export function emptyNoteJobId(digestDate: string): string {
  return `empty-digest:${digestDate}`;
}
