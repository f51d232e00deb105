// Lever postings API: GET {base}/v0/postings/{site}?mode=json answers a bare JSON array of
// postings (`createdAt` in epoch ms, `salaryRange` {min, max, currency, interval} when published,
// `categories.allLocations` for several locations). An unknown site answers 404.
// Fixture: loaders/test/fixtures/boards/lever/ (sources in its SOURCES.md).
import { z } from 'zod';
import type { BoardSource, FakeBoardPosting } from '../types.ts';

export const leverItem = z.looseObject({
  id: z.string().refine((id) => id.trim().length > 0, { message: 'id is empty' }),
  text: z.string().nullish(),
});

const COMMITMENT: Record<string, string> = {
  FULLTIME: 'Full-time',
  PARTTIME: 'Part-time',
  CONTRACTOR: 'Contract',
  INTERN: 'Intern',
};

// Deterministic v4-looking uuid from the fake posting id.
const uuidFor = (id: string) => {
  const hex = Buffer.from(id.padStart(16, '0')).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

function render(token: string, postings: FakeBoardPosting[]) {
  return postings.map((posting) => {
    const id = uuidFor(posting.id);
    const paragraphs = posting.descriptionText.split('\n').filter(Boolean);
    return {
      additional: '<div>We offer competitive benefits.</div>',
      additionalPlain: 'We offer competitive benefits.',
      categories: {
        commitment: COMMITMENT[posting.employmentType] ?? 'Full-time',
        department: posting.department,
        location: posting.locations[0]?.text ?? null,
        team: posting.department,
        allLocations: posting.locations.map((location) => location.text),
      },
      createdAt: posting.postedAt.getTime(),
      descriptionPlain: `${paragraphs[0] ?? ''}\n`,
      description: `<div>${paragraphs[0] ?? ''}</div>`,
      id,
      lists: [
        {
          text: 'What you will do',
          content: paragraphs
            .slice(1)
            .map((line) => `<li>${line}</li>`)
            .join(''),
        },
      ],
      text: posting.title,
      country: posting.locations[0]?.country === 'United States' ? 'US' : null,
      workplaceType: posting.remote ? 'remote' : 'on-site',
      opening: '',
      openingPlain: '',
      descriptionBody: `<div>${paragraphs[0] ?? ''}</div>`,
      descriptionBodyPlain: `${paragraphs[0] ?? ''}\n`,
      ...(posting.salary
        ? {
            salaryRange: {
              min: posting.salary.min,
              max: posting.salary.max,
              currency: posting.salary.currency,
              interval: posting.salary.period === 'HOUR' ? 'per-hour-wage' : 'per-year-salary',
            },
            salaryDescription: '<div>The base pay range for this role.</div>',
            salaryDescriptionPlain: 'The base pay range for this role.',
          }
        : {}),
      hostedUrl: `https://jobs.lever.co/${token}/${id}`,
      applyUrl: `https://jobs.lever.co/${token}/${id}/apply`,
    };
  });
}

const PATH = /^\/v0\/postings\/([^/]+)$/;

export const source: BoardSource = {
  ats: 'lever',
  label: 'Lever',
  baseUrlEnv: 'LEVER_BASE_URL',
  defaultBaseUrl: 'https://api.lever.co',
  tokenPattern: /^[a-z0-9][a-z0-9._-]{0,99}$/i,
  tokenHint: 'the site name in jobs.lever.co/<site> (letters, digits, ., - and _)',
  request: (token) => ({
    path: `/v0/postings/${encodeURIComponent(token)}`,
    params: new URLSearchParams({ mode: 'json' }),
  }),
  shape: {
    // Lever answers a bare array; an object is an error body (e.g. {"ok":false,"error":"…"}).
    envelope: z.looseObject({ data: z.unknown() }).refine(() => false, { message: 'Lever answers a bare array' }),
    item: leverItem,
    acceptBareArray: true,
    idOf: (item) => String(item.id).trim(),
  },
  fake: {
    match: (pathname) => PATH.exec(pathname)?.[1] ?? null,
    render: (token, postings) => render(token, postings),
  },
};
