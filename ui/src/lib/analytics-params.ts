// The insights page's filters (?profile=ID&country=CC&from=YYYY-MM-DD&to=YYYY-MM-DD). Pure: parsed
// here, applied by parameterised SQL in $lib/server/analytics.ts; the page cache keys on
// `analyticsHref` of the parsed filters, so unknown or reordered parameters share one entry.
import { isCountryCode } from './countries.ts';

export interface AnalyticsFilters {
  profileId: number | null;
  /** ISO-3166 alpha-2, upper case as fact_jobs.job_country holds it. */
  country: string | null;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: string | null;
  to: string | null;
}

export type ParsedFilters = { ok: true; filters: AnalyticsFilters } | { ok: false; errors: string[] };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD, or null. */
export function parseIsoDate(text: string): string | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text : null;
}

/** Empty parameters mean "no filter" (an empty form field submits `?country=`). */
export function parseAnalyticsFilters(params: URLSearchParams): ParsedFilters {
  const errors: string[] = [];
  const value = (name: string) => params.get(name)?.trim() ?? '';
  const filters: AnalyticsFilters = { profileId: null, country: null, from: null, to: null };

  const profile = value('profile');
  if (profile) {
    if (/^[1-9]\d{0,14}$/.test(profile)) filters.profileId = Number(profile);
    else errors.push(`Profile must be a profile id (a positive whole number), not "${profile}".`);
  }
  const country = value('country');
  if (country) {
    if (isCountryCode(country.toLowerCase())) filters.country = country.toUpperCase();
    else errors.push(`Country must be a two-letter ISO 3166 code such as CA or US, not "${country}".`);
  }
  for (const name of ['from', 'to'] as const) {
    const text = value(name);
    if (!text) continue;
    const date = parseIsoDate(text);
    if (date) filters[name] = date;
    else errors.push(`"${name === 'from' ? 'From' : 'To'}" must be a date written YYYY-MM-DD, not "${text}".`);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    errors.push(`"From" (${filters.from}) must not be after "To" (${filters.to}).`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, filters };
}

/** The canonical URL of a set of filters: fixed order, no empty parameters. */
export function analyticsHref(filters: AnalyticsFilters): string {
  const query = new URLSearchParams();
  if (filters.profileId !== null) query.set('profile', String(filters.profileId));
  if (filters.country) query.set('country', filters.country);
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  const text = query.toString();
  return `/insights${text ? `?${text}` : ''}`;
}
