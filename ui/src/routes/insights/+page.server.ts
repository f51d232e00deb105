import { error } from '@sveltejs/kit';
import { analyticsCharts } from '$lib/analytics.ts';
import { parseAnalyticsFilters } from '$lib/analytics-params.ts';
import { countryName } from '$lib/countries.ts';
import { renderData } from '$lib/render-data.ts';
import { getAnalytics } from '$lib/server/analytics.ts';
import type { PageServerLoad } from './$types';

// Charts are SVG rendered on the server and the filters are a GET form: no JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ url, isDataRequest, locals }) => {
  const parsed = parseAnalyticsFilters(url.searchParams);
  if (!parsed.ok) error(400, parsed.errors.join(' '));
  const { filters } = parsed;
  const data = await getAnalytics(filters);
  if (data && filters.profileId !== null && !data.profiles.some((profile) => profile.id === filters.profileId)) {
    error(400, `There is no profile with id ${filters.profileId}.`);
  }
  // Nothing on the page depends on the clock, so it stays valid until the data version moves.
  // Not while the views are missing: creating them does not move the version.
  if (data) locals.pageValidUntil = Number.POSITIVE_INFINITY;
  const countries = data ? [...data.countries] : [];
  if (filters.country && !countries.includes(filters.country)) countries.push(filters.country);
  const view = {
    filters,
    missing: data === null,
    profiles: data?.profiles ?? [],
    countries: countries.sort().map((code) => ({ value: code, label: `${countryName(code)} (${code})` })),
    profileName: data?.profiles.find((profile) => profile.id === filters.profileId)?.name ?? null,
    charts: data ? analyticsCharts(data) : null,
  };
  return { view: renderData(view, isDataRequest) };
};
