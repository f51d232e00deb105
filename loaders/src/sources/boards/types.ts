// What one applicant-tracking system (ATS) source declares. Each ATS is one folder beside this
// file with a `source.ts` exporting `source: BoardSource`; the registry finds it there, and
// extract-boards, `jobctl boards`, the fake API and the app's test fetch all work through this
// interface only. See loaders/README.md "Adding a source".
import type { ResponseShape } from '../../pipeline/validate.ts';

export interface BoardRequest {
  // Path below the ATS base URL, the board token already URL-encoded.
  path: string;
  params: URLSearchParams;
}

// A posting as the fake API knows it, before an ATS module renders it in its own shape.
export interface FakeBoardPosting {
  id: string;
  title: string;
  // Plain HTML (the module escapes it if its API does).
  descriptionHtml: string;
  descriptionText: string;
  // First is the primary location; each "City, ST, Country" (or "Remote").
  locations: Array<{ city: string | null; region: string | null; country: string | null; text: string }>;
  remote: boolean;
  // FULLTIME | PARTTIME | CONTRACTOR | INTERN
  employmentType: string;
  salary: { min: number; max: number; currency: string; period: 'YEAR' | 'HOUR' } | null;
  postedAt: Date;
  updatedAt: Date;
  department: string;
}

export interface BoardSource {
  // Stable name: the `ats` column, the fact_jobs `source`, the CLI's --ats.
  ats: string;
  label: string;
  // Environment variable naming the base URL, and its default (the public host).
  baseUrlEnv: string;
  defaultBaseUrl: string;
  // Board tokens this ATS accepts (checked before any request).
  tokenPattern: RegExp;
  tokenHint: string;
  request(boardToken: string): BoardRequest;
  // zod envelope + item, the key holding the items, the posting id.
  shape: ResponseShape;
  // The fake API: which request paths are this ATS's board endpoint (→ the board token), and the
  // board rendered in the real response shape.
  fake: {
    match(pathname: string): string | null;
    render(boardToken: string, postings: FakeBoardPosting[], companyName: string): unknown;
  };
}
