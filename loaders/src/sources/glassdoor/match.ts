// Pure: pick the company a loose Glassdoor search result means, or none.
//
// Order (first rule that matches wins; ties go to the most-reviewed company):
//   1. exact: the company's lookup key (of its name, from the warehouse) equals the employer's
//   2. domain: the company's website host equals the employer's website host (www. stripped)
//   3. similar: Sørensen–Dice similarity of the keys' character bigrams (spaces removed)
//      >= SIMILARITY_THRESHOLD (0.88). "google" vs "thynk google" scores 0.67 and is rejected;
//      "pricewaterhousecoopers" vs "pricewaterhouse coopers" scores 1.0.
import { websiteDomain } from '../../pipeline/lookup-key.ts';

export const SIMILARITY_THRESHOLD = 0.88;

export interface CompanyCandidate {
  company_id: number | string;
  name: string;
  /** staging.company_lookup_key(name); null when the name has none. */
  lookupKey: string | null;
  website?: string | null;
  review_count?: number | null;
}

export interface Employer {
  lookupKey: string;
  website?: string | null;
}

export type MatchRule = 'exact' | 'domain' | 'similar';

export interface CompanyMatch<T> {
  company: T;
  rule: MatchRule;
  score: number;
}

function bigrams(key: string): Map<string, number> {
  const compact = key.replace(/ /g, '');
  const counts = new Map<string, number>();
  for (let i = 0; i < compact.length - 1; i++) {
    const gram = compact.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

export function keySimilarity(a: string, b: string): number {
  if (a.replace(/ /g, '') === b.replace(/ /g, '')) return 1;
  const left = bigrams(a);
  const right = bigrams(b);
  let overlap = 0;
  let total = 0;
  for (const count of left.values()) total += count;
  for (const count of right.values()) total += count;
  for (const [gram, count] of left) overlap += Math.min(count, right.get(gram) ?? 0);
  return total === 0 ? 0 : (2 * overlap) / total;
}

const byReviews = <T extends CompanyCandidate>(a: T, b: T) => (b.review_count ?? 0) - (a.review_count ?? 0);

export function selectCompany<T extends CompanyCandidate>(employer: Employer, candidates: T[]): CompanyMatch<T> | null {
  const exact = candidates.filter((company) => company.lookupKey === employer.lookupKey).sort(byReviews);
  if (exact[0]) return { company: exact[0], rule: 'exact', score: 1 };

  const domain = websiteDomain(employer.website);
  if (domain) {
    const sameDomain = candidates.filter((company) => websiteDomain(company.website) === domain).sort(byReviews);
    if (sameDomain[0]) return { company: sameDomain[0], rule: 'domain', score: 1 };
  }

  let best: CompanyMatch<T> | null = null;
  for (const company of candidates) {
    const key = company.lookupKey;
    if (!key) continue;
    const score = keySimilarity(employer.lookupKey, key);
    if (score >= SIMILARITY_THRESHOLD && (!best || score > best.score)) best = { company, rule: 'similar', score };
  }
  return best;
}
