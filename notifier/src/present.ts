// Pure: presenting a chosen digest. Turns a profile and its chosen jobs (choose.ts) into the view
// model that both templates (templates/digest.mjml and templates/digest.txt) are filled with.

import type { CandidateJob, Profile } from './choose.ts';
import { feedbackUrl, type LinkSigning, unsubscribeUrl } from './links.ts';

// ---- text helpers ------------------------------------------------------------------------

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const MAY_COMBINE = /[\u{10000}-\u{10ffff}\ud800-\udfff\p{M}\p{Cf}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0d4e]/u;

/**
 * Cut to at most `max` user-perceived characters, ending with "…". Counts code points (a
 * grapheme has at least one), so the cut never lands inside a surrogate pair; where a cluster
 * could span the cut (emoji sequences, combining marks) it moves back to the cluster's start.
 */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  let count = 0;
  let units = 0;
  let cut = 0;
  for (const char of clean) {
    count += 1;
    if (count > max) break;
    units += char.length;
    if (count === max - 1) cut = units;
  }
  if (count <= max) return clean; // at most max code points, so at most max graphemes
  if (MAY_COMBINE.test(clean)) {
    // Only the cluster around the cut is examined, not the whole text.
    cut = graphemes.segment(clean).containing(cut)?.index ?? cut;
  }
  return `${clean.slice(0, cut).trimEnd()}…`;
}

/** The URL when it is an absolute http(s) URL, else null (no javascript:, data:, mailto: …). */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// Intl formatters are costly to build (tens of µs each); keep one per currency.
const moneyFormats = new Map<string, Intl.NumberFormat | null>();
const plainNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function moneyFormat(code: string): Intl.NumberFormat | null {
  let format = moneyFormats.get(code);
  if (format === undefined) {
    try {
      format = /^[A-Z]{3}$/.test(code)
        ? new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 })
        : null;
    } catch {
      format = null;
    }
    if (moneyFormats.size < 500) moneyFormats.set(code, format);
  }
  return format;
}

export function formatSalary(min: number | null, max: number | null, currency: string | null): string {
  const code = currency?.trim().toUpperCase() || null;
  const format = code ? moneyFormat(code) : null;
  const money = (value: number) => {
    if (format) return format.format(value);
    const plain = plainNumber.format(value);
    return code ? `${plain} ${truncate(code, 8)}` : plain;
  };
  const low = min !== null && Number.isFinite(min) && min > 0 ? min : null;
  const high = max !== null && Number.isFinite(max) && max > 0 ? max : null;
  if (low === null && high === null) return 'Salary not listed';
  if (low !== null && high !== null) {
    return low === high ? `${money(low)} a year` : `${money(Math.min(low, high))}–${money(Math.max(low, high))} a year`;
  }
  return low !== null ? `From ${money(low)} a year` : `Up to ${money(high as number)} a year`;
}

export function formatLocation(city: string | null, state: string | null, country: string | null): string {
  const parts = [city, state, country].map((part) => part?.trim()).filter((part): part is string => !!part);
  return parts.length ? truncate([...new Set(parts)].join(', '), 80) : 'Location not listed';
}

export function formatPosted(ageDays: number | null): string {
  if (ageDays === null || !Number.isFinite(ageDays)) return 'posting date unknown';
  const days = Math.max(0, Math.floor(ageDays));
  if (days === 0) return 'posted today';
  return days === 1 ? 'posted yesterday' : `posted ${days} days ago`;
}

// ---- the message's view model ------------------------------------------------------------

export interface JobCardView {
  rank: string;
  title: string;
  company: string;
  has_rating: boolean;
  rating: string;
  location: string;
  is_remote: boolean;
  posted: string;
  salary: string;
  score: string;
  reasons: { text: string }[];
  has_apply: boolean;
  no_apply: boolean;
  apply_url: string;
  /** "Also on: <board> …": the other boards with a safe apply link. */
  has_also_on: boolean;
  also_on: { publisher: string; url: string; sep: string }[];
}

/** A job card's signed one-click feedback links (links.ts); empty without a link secret. */
export interface FeedbackLinksView {
  has_feedback: boolean;
  not_interested_url: string;
  applied_url: string;
}

export interface DigestView {
  subject: string;
  preheader: string;
  digest_date: string;
  profile_name: string;
  email: string;
  summary: string;
  edit_url: string;
  /** Signed one-click unsubscribe page (pauses the digest); the edit page without a link secret. */
  unsubscribe_url: string;
  has_jobs: boolean;
  no_jobs: boolean;
  jobs: (JobCardView & FeedbackLinksView)[];
}

export interface DigestContext {
  /** YYYY-MM-DD */
  digestDate: string;
  /** Base URL of the profile app, e.g. http://127.0.0.1:3000 */
  uiPublicUrl: string;
  /** Signs the feedback and unsubscribe links; without it the digest carries none. */
  linkSigning?: LinkSigning;
}

export function jobCard(job: CandidateJob, index: number): JobCardView {
  const apply = safeHttpUrl(job.applyLink);
  const company = job.companyName?.trim() || job.employerName?.trim() || '';
  const rating = job.companyRating !== null && Number.isFinite(job.companyRating) ? job.companyRating : null;
  const alsoOn = alsoOnLinks(job);
  return {
    rank: String(index + 1),
    title: truncate(job.jobTitle?.trim() || 'Untitled position', 120),
    company: company ? truncate(company, 80) : 'Company not listed',
    has_rating: rating !== null,
    rating: rating !== null ? rating.toFixed(1) : '',
    location: formatLocation(job.jobCity, job.jobState, job.jobCountry),
    is_remote: job.isRemote === true,
    posted: formatPosted(job.jobAgeDays),
    salary: formatSalary(job.salaryMinAnnual, job.salaryMaxAnnual, job.salaryCurrency),
    score: String(Math.round(Math.min(100, Math.max(0, job.rankScore)))),
    reasons: job.reasons.map((text) => ({ text: truncate(text, 140) })),
    has_apply: apply !== null,
    no_apply: apply === null,
    apply_url: apply ?? '',
    has_also_on: alsoOn.length > 0,
    also_on: alsoOn,
  };
}

/** The other boards of a job, each with a safe link, in SQL's order (first comes without separator). */
export function alsoOnLinks(job: CandidateJob): JobCardView['also_on'] {
  return (job.alsoOn ?? [])
    .flatMap((copy) => {
      const url = safeHttpUrl(copy.applyLink);
      return url ? [{ publisher: truncate(copy.publisher?.trim() || 'another board', 40), url }] : [];
    })
    .map((copy, index) => ({ ...copy, sep: index === 0 ? '' : ' · ' }));
}

const headerDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function formatDate(digestDate: string): string {
  const date = new Date(`${digestDate}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? digestDate : headerDate.format(date);
}

/** Header lines can't carry line breaks; strip them from anything that reaches the subject. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ');

export function editProfileUrl(uiPublicUrl: string, profileId: number): string {
  return `${uiPublicUrl.replace(/\/+$/, '')}/profiles/${encodeURIComponent(String(profileId))}/edit`;
}

function feedbackLinks(profile: Profile, job: CandidateJob, context: DigestContext): FeedbackLinksView {
  const signing = context.linkSigning;
  if (!signing) return { has_feedback: false, not_interested_url: '', applied_url: '' };
  const url = (kind: 'not_interested' | 'applied') =>
    safeHttpUrl(feedbackUrl(context.uiPublicUrl, signing, profile.profileId, job.jobId, kind)) ?? '';
  const notInterested = url('not_interested');
  const applied = url('applied');
  return {
    has_feedback: notInterested !== '' && applied !== '',
    not_interested_url: notInterested,
    applied_url: applied,
  };
}

export function buildDigestView(profile: Profile, jobs: readonly CandidateJob[], context: DigestContext): DigestView {
  const name = truncate(oneLine(profile.profileName) || `Profile ${profile.profileId}`, 80);
  const date = formatDate(context.digestDate);
  const count = jobs.length;
  const summary =
    count === 0
      ? 'No new jobs today.'
      : `${count} new ${count === 1 ? 'job' : 'jobs'}, best match first. None of them has been sent to you before.`;
  const subject =
    count === 0
      ? `No new jobs today for “${name}” · ${date}`
      : `${count} new ${count === 1 ? 'job' : 'jobs'} for “${name}” · ${date}`;
  const cards = jobs.map((job, index) => ({ ...jobCard(job, index), ...feedbackLinks(profile, job, context) }));
  const editUrl = safeHttpUrl(editProfileUrl(context.uiPublicUrl, profile.profileId)) ?? '';
  const preheader =
    count === 0 ? 'Nothing new matched this profile today.' : cards.map((card) => card.title).join(' · ');
  return {
    subject,
    preheader: truncate(preheader, 140),
    digest_date: date,
    profile_name: name,
    email: truncate(oneLine(profile.email), 120),
    summary,
    edit_url: editUrl,
    unsubscribe_url: context.linkSigning
      ? (safeHttpUrl(unsubscribeUrl(context.uiPublicUrl, context.linkSigning, profile.profileId)) ?? editUrl)
      : editUrl,
    has_jobs: count > 0,
    no_jobs: count === 0,
    jobs: cards,
  };
}
