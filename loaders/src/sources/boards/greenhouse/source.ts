// Greenhouse job board API: GET {base}/v1/boards/{token}/jobs?content=true answers
// {"jobs": [...], "meta": {"total": N}}; `content` is entity-escaped HTML ("&lt;p&gt;…").
// Fixture: loaders/test/fixtures/boards/greenhouse/ (sources in its SOURCES.md).
import { z } from 'zod';
import type { BoardSource, FakeBoardPosting } from '../types.ts';

const text = z.string().nullish();

export const greenhouseItem = z.looseObject({
  id: z.union([z.number().int(), z.string().regex(/^\s*\d+\s*$/, { message: 'id is not a number' })]),
  title: text,
  content: text,
});

const EMPLOYMENT_LABEL: Record<string, string> = {
  FULLTIME: 'Full-time',
  PARTTIME: 'Part-time',
  CONTRACTOR: 'Contract',
  INTERN: 'Internship',
};

const escapeHtml = (html: string) =>
  html.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function render(token: string, postings: FakeBoardPosting[], companyName: string) {
  return {
    jobs: postings.map((posting, index) => ({
      absolute_url: `https://job-boards.greenhouse.io/${token}/jobs/${posting.id}`,
      data_compliance: [
        {
          type: 'gdpr',
          requires_consent: false,
          requires_processing_consent: false,
          requires_retention_consent: false,
          retention_period: null,
          demographic_data_consent_applies: false,
        },
      ],
      internal_job_id: Number(posting.id) - 1_000_000,
      location: { name: posting.locations.map((location) => location.text).join('; ') },
      metadata: [
        {
          id: 4_000_000 + index,
          name: 'Employment Type',
          value: EMPLOYMENT_LABEL[posting.employmentType] ?? 'Full-time',
          value_type: 'single_select',
        },
      ],
      id: Number(posting.id),
      updated_at: posting.updatedAt
        .toISOString()
        .replace('Z', '+00:00')
        .replace(/\.\d{3}/, ''),
      requisition_id: `REQ-${posting.id.slice(-4)}`,
      title: posting.title,
      company_name: companyName,
      first_published: posting.postedAt
        .toISOString()
        .replace('Z', '+00:00')
        .replace(/\.\d{3}/, ''),
      language: 'en',
      content: escapeHtml(posting.descriptionHtml),
      departments: [{ id: 50_000 + index, name: posting.department, child_ids: [], parent_id: null }],
      offices: posting.locations.map((location, office) => ({
        id: 60_000 + office,
        name: location.city ?? location.text,
        location: location.text,
        child_ids: [],
        parent_id: null,
      })),
    })),
    meta: { total: postings.length },
  };
}

const PATH = /^\/v1\/boards\/([^/]+)\/jobs$/;

export const source: BoardSource = {
  ats: 'greenhouse',
  label: 'Greenhouse',
  baseUrlEnv: 'GREENHOUSE_BASE_URL',
  defaultBaseUrl: 'https://boards-api.greenhouse.io',
  tokenPattern: /^[a-z0-9][a-z0-9_-]{0,99}$/i,
  tokenHint: 'the name in boards.greenhouse.io/<token> (letters, digits, - and _)',
  request: (token) => ({
    path: `/v1/boards/${encodeURIComponent(token)}/jobs`,
    params: new URLSearchParams({ content: 'true' }),
  }),
  shape: {
    envelope: z.looseObject({ jobs: z.unknown() }),
    item: greenhouseItem,
    dataKey: 'jobs',
    idOf: (item) => String(item.id).trim(),
  },
  fake: {
    match: (pathname) => PATH.exec(pathname)?.[1] ?? null,
    render,
  },
};
