// The company lookup key is how a JSearch employer and a Glassdoor company meet. Its one
// implementation is the warehouse's SQL function staging.company_lookup_key(name) (dbt macro
// normalize_company_lookup_key): the loaders ask it for keys (extract-companies.ts,
// lookupKeysOf) and never compute one themselves. What is left here works on keys and websites.

// Job boards and placeholders that appear as "employer" but are not the employer.
export const AGGREGATOR_KEYS = new Set([
  'dice',
  'upwork',
  'elance',
  'confidential',
  'confidential company',
  'company name',
  'anonymous',
  'undisclosed',
  'private',
  'hiring company',
  'linkedin',
  'indeed',
  'ziprecruiter',
  'glassdoor',
  'monster',
  'careerbuilder',
  'simplyhired',
  'jooble',
  'lensa',
  'talent com',
  'bebee',
  'jobgether',
  'jobright ai',
  'adzuna',
]);

export function isAggregator(key: string | null): boolean {
  if (!key) return true;
  return AGGREGATOR_KEYS.has(key) || key.startsWith('jobs via ') || key.startsWith('jobs at ');
}

// Bare host of a website, for matching an employer to a company by domain.
export function websiteDomain(website: string | null | undefined): string | null {
  if (!website?.trim()) return null;
  const raw = website.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
    const host = url.hostname
      .toLowerCase()
      .replace(/^www\d?\./, '')
      .replace(/\.$/, '');
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}
