// Pure: turn a profile into JSearch /search requests. Every filter the profile holds is either
// sent or listed in `notes` (logged) — never silently dropped. The enumerated fields are typed by
// the profile vocabulary and trusted as they are: the profile form validates and normalises them,
// and the warehouse's checks keep anything else out of profile_preferences.
import type { DateWindow, EmploymentType, RemotePreference } from '../../vocabulary.generated.ts';

export interface SearchProfile {
  profile_id: number;
  profile_name?: string | null;
  query: string;
  location?: string | null;
  country?: string | null;
  language?: string | null;
  date_window?: DateWindow | null;
  employment_types?: EmploymentType[] | null;
  remote_preference?: RemotePreference | null;
  min_salary?: number | string | null;
  max_salary?: number | string | null;
}

export interface SearchPlan {
  requests: URLSearchParams[];
  notes: string[];
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

export function searchQuery(profile: SearchProfile): string {
  const what = profile.query.trim().replace(/\s+/g, ' ');
  // JSearch has no location parameter; Google-for-Jobs style "X in Y" is the documented way.
  const where = profile.location?.trim();
  const hybrid = profile.remote_preference === 'hybrid' ? ' hybrid' : '';
  return where ? `${what}${hybrid} in ${where}` : `${what}${hybrid}`;
}

export function buildSearchPlan(
  profile: SearchProfile,
  options: { numPages: number; pagesPerRequest: number },
): SearchPlan {
  if (!profile.query?.trim()) throw new ProfileError(`profile ${profile.profile_id} has an empty query`);
  const notes: string[] = [];
  const base = new URLSearchParams();
  base.set('query', searchQuery(profile));

  const country = profile.country?.trim().toLowerCase();
  if (country) {
    if (!/^[a-z]{2}$/.test(country))
      throw new ProfileError(`profile ${profile.profile_id}: country "${profile.country}" is not ISO-3166 alpha-2`);
    base.set('country', country);
  }
  const language = profile.language?.trim().toLowerCase();
  if (language) base.set('language', language);

  base.set('date_posted', profile.date_window || 'all');

  const types = profile.employment_types ?? [];
  if (types.length) base.set('employment_types', [...new Set(types)].join(','));

  const remote = profile.remote_preference || 'any';
  // remote_anywhere asks the API for the same remote jobs; ranking lets them count in any country.
  if (remote === 'remote' || remote === 'remote_anywhere') base.set('work_from_home', 'true');
  if (remote === 'hybrid') notes.push('remote_preference=hybrid: no API filter; "hybrid" added to the query');
  if (remote === 'onsite')
    notes.push('remote_preference=onsite: no API filter; remote jobs are scored down by ranking');
  if (profile.min_salary != null || profile.max_salary != null) {
    notes.push('min_salary/max_salary: no API filter; applied by ranking on annualised salary');
  }

  const requests: URLSearchParams[] = [];
  for (let page = 1; page <= options.numPages; page += options.pagesPerRequest) {
    const params = new URLSearchParams(base);
    params.set('page', String(page));
    params.set('num_pages', String(Math.min(options.pagesPerRequest, options.numPages - page + 1)));
    requests.push(params);
  }
  return { requests, notes };
}
