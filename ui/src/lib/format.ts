// Display helpers shared by the pages. Pure; times are shown in UTC so server and tests agree.

export function formatDateTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `value` is a Date or epoch milliseconds. */
export function formatAge(value: Date | number | null | undefined, now: Date): string {
  if (value === null || value === undefined) return 'never';
  const minutes = Math.round((now.getTime() - (typeof value === 'number' ? value : value.getTime())) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/**
 * Epoch ms until which `formatAge(value, at)` stays what it is at `now` (at least 1 ms early), so a
 * page rendered at `now` may be served unchanged until then (the page cache). Infinity: never changes.
 */
export function ageChangesAt(value: Date | number | null | undefined, now: Date): number {
  if (value === null || value === undefined) return Number.POSITIVE_INFINITY;
  const time = typeof value === 'number' ? value : value.getTime();
  // formatAge's text is a function of the rounded minutes m; find the next m whose text differs.
  const minutes = Math.round((now.getTime() - time) / 60_000);
  let next: number;
  if (minutes < 60) next = Math.max(minutes + 1, 1);
  else {
    const hours = Math.round(minutes / 60);
    // round(m / 60) reaches h + 1 at m = 60h + 30; round(h / 24) reaches d + 1 at h = 24d + 12.
    next = hours < 48 ? 60 * hours + 30 : 60 * (24 * Math.round(hours / 24) + 12) - 30;
  }
  // round(x) becomes `next` once x reaches next - 0.5.
  return time + (next - 0.5) * 60_000 - 1;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)} %`;
}

// Building an Intl.NumberFormat costs far more than using one (it dominated page renders), so keep them.
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, fractionDigits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // Most figures on a page are small whole numbers, which need no grouping or rounding.
  if (Number.isInteger(value) && value > -1000 && value < 1000) return String(value);
  let format = numberFormats.get(fractionDigits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: fractionDigits, minimumFractionDigits: 0 });
    numberFormats.set(fractionDigits, format);
  }
  return format.format(value);
}

export function formatSalaryRange(
  min: number | null | undefined,
  max: number | null | undefined,
  currency?: string | null,
): string {
  const unit = currency ? ` ${currency}` : '';
  const amount = (value: number) =>
    value >= 1000 ? `${formatNumber(value / 1000, value % 1000 === 0 ? 0 : 1)}k` : formatNumber(value);
  if (min != null && max != null) return min === max ? `${amount(min)}${unit}` : `${amount(min)}–${amount(max)}${unit}`;
  if (min != null) return `from ${amount(min)}${unit}`;
  if (max != null) return `up to ${amount(max)}${unit}`;
  return '—';
}

/** Only http(s) links are rendered as links; `javascript:` and friends from a posting never are. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function joinPlace(...parts: (string | null | undefined)[]): string {
  const present = parts.map((part) => part?.trim()).filter((part): part is string => Boolean(part));
  return present.length > 0 ? present.join(', ') : '—';
}

/** "posted 4 days ago" from fact_jobs.job_age_days (SQL decides the days; the digest words them the same). */
export function formatPosted(ageDays: number | null | undefined): string {
  if (ageDays === null || ageDays === undefined || !Number.isFinite(ageDays)) return 'posting date unknown';
  const days = Math.max(0, Math.floor(ageDays));
  if (days === 0) return 'posted today';
  return days === 1 ? 'posted yesterday' : `posted ${days} days ago`;
}

/**
 * Epoch ms until which a job's `job_age_days` (whole 24-hour periods since `postedAt`, read at
 * `now`) stays the same, so a cached page may be served until then. Infinity: never changes.
 */
export function postedAgeChangesAt(postedAt: number | null | undefined, now: Date): number {
  if (postedAt === null || postedAt === undefined) return Number.POSITIVE_INFINITY;
  const day = 86_400_000;
  const elapsed = Math.max(0, now.getTime() - postedAt);
  return postedAt + (Math.floor(elapsed / day) + 1) * day - 1;
}
