// The company lookup key: how a JSearch employer and a Glassdoor company meet.
//
// The warehouse replicates this in SQL (a dbt macro), so the rules are deliberately plain
// string operations that PostgreSQL can do with lower() and regexp_replace(). Exactly:
//
//   1. null, or blank after trimming            -> null (no key)
//   2. lower-case                                 lower(x)
//   3. delete apostrophes ' and ’                 regexp_replace(x, '[''’]', '', 'g')
//   4. '&' becomes ' and '                        replace(x, '&', ' and ')
//   5. every run of characters outside [a-z0-9]   regexp_replace(x, '[^a-z0-9]+', ' ', 'g')
//      becomes one space (so accents and other non-ASCII letters are separators too)
//   6. trim spaces                                btrim(x)
//   7. repeatedly drop a trailing legal suffix    regexp_replace(x, '( (<suffixes>))+$', '')
//      word that follows another word (a name that is only "inc" keeps it):
//      llc, inc, incorporated, ltd, limited, corp, corporation, co, company, plc, llp, lp,
//      gmbh, ag, sa, sas, srl, spa, bv, nv, pty, pvt, pte, ulc, kg, oy, ab
//   8. empty result                               -> null
//
// Fixtures both sides test against: loaders/test/fixtures/lookup_keys.json.

export const LEGAL_SUFFIXES = [
  'llc',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'llp',
  'lp',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'srl',
  'spa',
  'bv',
  'nv',
  'pty',
  'pvt',
  'pte',
  'ulc',
  'kg',
  'oy',
  'ab',
] as const;

export const LEGAL_SUFFIX_PATTERN = `( (${LEGAL_SUFFIXES.join('|')}))+$`;
const trailingSuffixes = new RegExp(LEGAL_SUFFIX_PATTERN);

export function companyLookupKey(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const key = name
    .toLowerCase()
    .replace(/['’]/g, '')
    .replaceAll('&', ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(trailingSuffixes, '');
  return key === '' ? null : key;
}

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

// The same rules as one PostgreSQL expression over a column or expression `input` (for the dbt
// macro and for the cross-check test). Single quotes are already doubled for a SQL literal.
export function lookupKeySql(input: string): string {
  return `nullif(regexp_replace(btrim(regexp_replace(replace(regexp_replace(lower(${input}), '[''’]', '', 'g'), '&', ' and '), '[^a-z0-9]+', ' ', 'g')), '${LEGAL_SUFFIX_PATTERN}', ''), '')`;
}
