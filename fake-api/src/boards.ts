// The fake career boards: every ATS module renders the same deterministic postings of a board
// (seed + board token) in its own response shape. A token starting with "missing" or "wrong"
// is an unknown board (404, as the real APIs answer); `hidden` ids are left out, which is how
// tests take a posting off a board.
import { createHash } from 'node:crypto';
import type { FakeBoardPosting } from '@jobs/loaders/boards';
import { BULK_QUERIES, postingAt } from './generator.ts';

export const UNKNOWN_BOARD = /^(missing|wrong)/i;
export const FAKE_BOARD_SIZE = 12;

const escapeText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// "acme-analytics" → "Acme Analytics"
export function companyNameFor(token: string): string {
  return token
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(' ');
}

function tokenNumber(token: string): number {
  return createHash('sha256').update(token.toLowerCase()).digest().readUInt32BE(0) % 100_000;
}

export function fakeBoardPostings(
  seed: number,
  token: string,
  now: Date = new Date(),
  hidden: ReadonlySet<string> = new Set(),
  size = FAKE_BOARD_SIZE,
): FakeBoardPosting[] | null {
  if (UNKNOWN_BOARD.test(token)) return null;
  const company = companyNameFor(token);
  const base = tokenNumber(token);
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const postings: FakeBoardPosting[] = [];
  for (let index = 0; index < size; index++) {
    const query = BULK_QUERIES[(base + index) % BULK_QUERIES.length] ?? 'software engineer';
    const source = postingAt(seed, { query, country: 'us' }, base + index, day);
    const employer = String(source.employer_name ?? '');
    const description = String(source.job_description ?? '').replaceAll(employer, company);
    const city = (source.job_city as string | null) ?? null;
    const region = (source.job_state as string | null) ?? null;
    const remote = source.job_is_remote === true;
    const primary = remote
      ? { city: null, region: null, country: 'United States', text: 'Remote - US' }
      : {
          city,
          region,
          country: 'United States',
          text: [city, region].filter(Boolean).join(', ') || 'United States',
        };
    // Every third posting is open in a second office too (real boards list several locations).
    const locations =
      index % 3 === 0 && !remote
        ? [primary, { city: 'New York', region: 'NY', country: 'United States', text: 'New York, NY' }]
        : [primary];
    const min = Number(source.job_min_salary);
    const max = Number(source.job_max_salary);
    const period = source.job_salary_period === 'HOUR' ? 'HOUR' : 'YEAR';
    const hasSalary = index % 2 === 0 && Number.isFinite(min) && Number.isFinite(max) && min > 0 && max >= min;
    const postedAt = new Date(day - ((index * 37) % 20) * 86_400_000 - 3_600_000 * (index % 7));
    const paragraphs = description.split('\n').filter((line) => line.trim() !== '');
    postings.push({
      id: String(4_000_000_000 + base * 100 + index),
      title: String(source.job_title ?? 'Engineer'),
      descriptionHtml: paragraphs.map((line) => `<p>${escapeText(line)}</p>`).join(''),
      descriptionText: paragraphs.join('\n'),
      locations,
      remote,
      employmentType: (source.job_employment_types as string[] | undefined)?.[0] ?? 'FULLTIME',
      salary: hasSalary ? { min: period === 'HOUR' ? min : Math.round(min), max, currency: 'USD', period } : null,
      postedAt,
      updatedAt: new Date(postedAt.getTime() + 3_600_000),
      department: query.replace(/\b\w/g, (letter) => letter.toUpperCase()),
    });
  }
  return postings.filter((posting) => !hidden.has(posting.id));
}
