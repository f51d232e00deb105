// Ashby posting API: GET {base}/posting-api/job-board/{board}?includeCompensation=true answers
// {"apiVersion": "1", "jobs": [...]}: the whole board, no paging; `compensation.compensationTiers`
// (one tier per zone or level, each with Salary / Equity / Bonus components) when published.
// Fixture: loaders/test/fixtures/boards/ashby/ (sources in its SOURCES.md).
import { z } from 'zod';
import type { BoardSource, FakeBoardPosting } from '../types.ts';

export const ashbyItem = z.looseObject({
  id: z.string().refine((id) => id.trim().length > 0, { message: 'id is empty' }),
  title: z.string().nullish(),
});

const EMPLOYMENT: Record<string, string> = {
  FULLTIME: 'FullTime',
  PARTTIME: 'PartTime',
  CONTRACTOR: 'Contract',
  INTERN: 'Intern',
};

const uuidFor = (id: string) => {
  const hex = Buffer.from(id.slice(-16).padStart(16, '0')).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const postalAddress = (location: FakeBoardPosting['locations'][number]) => ({
  postalAddress: {
    ...(location.region ? { addressRegion: location.region } : {}),
    ...(location.country ? { addressCountry: location.country } : {}),
    ...(location.city ? { addressLocality: location.city } : {}),
  },
});

const money = (amount: number, currency: string) =>
  `${currency === 'USD' ? '$' : `${currency} `}${amount >= 1000 ? `${Math.round(amount / 1000)}K` : amount}`;

function compensation(posting: FakeBoardPosting) {
  const { salary } = posting;
  if (!salary) {
    return {
      compensationTierSummary: null,
      scrapeableCompensationSalarySummary: null,
      compensationTiers: [],
      summaryComponents: [],
    };
  }
  const interval = salary.period === 'HOUR' ? '1 HOUR' : '1 YEAR';
  // Two zones: the second pays 10 % less, so the range across tiers is wider than either tier.
  const tiers = [
    { title: 'Zone A', min: salary.min, max: salary.max },
    { title: 'Zone B', min: Math.round(salary.min * 0.9), max: Math.round(salary.max * 0.9) },
  ].map((tier, index) => ({
    id: uuidFor(`${posting.id}t${index}`),
    tierSummary: `${money(tier.min, salary.currency)} – ${money(tier.max, salary.currency)} • Offers Equity`,
    title: tier.title,
    additionalInformation: null,
    components: [
      {
        id: uuidFor(`${posting.id}s${index}`),
        summary: `${money(tier.min, salary.currency)} – ${money(tier.max, salary.currency)}`,
        compensationType: 'Salary',
        interval,
        currencyCode: salary.currency,
        minValue: tier.min,
        maxValue: tier.max,
      },
      {
        id: uuidFor(`${posting.id}e${index}`),
        summary: 'Offers Equity',
        compensationType: 'EquityPercentage',
        interval: 'NONE',
        currencyCode: null,
        minValue: null,
        maxValue: null,
      },
    ],
  }));
  const low = Math.min(...tiers.map((tier) => tier.components[0]?.minValue ?? 0));
  const summary = `${money(low, salary.currency)} – ${money(salary.max, salary.currency)}`;
  return {
    compensationTierSummary: `${summary} • Offers Equity`,
    scrapeableCompensationSalarySummary: summary,
    compensationTiers: tiers,
    summaryComponents: [
      { compensationType: 'Salary', interval, currencyCode: salary.currency, minValue: low, maxValue: salary.max },
    ],
  };
}

function render(token: string, postings: FakeBoardPosting[]) {
  return {
    apiVersion: '1',
    jobs: postings.map((posting) => {
      const id = uuidFor(posting.id);
      const [primary, ...others] = posting.locations;
      return {
        id,
        title: posting.title,
        department: posting.department,
        team: posting.department,
        employmentType: EMPLOYMENT[posting.employmentType] ?? 'FullTime',
        location: primary?.text ?? 'Remote',
        secondaryLocations: others.map((location) => ({ location: location.text, address: postalAddress(location) })),
        publishedAt: posting.postedAt.toISOString().replace('Z', '+00:00'),
        isListed: true,
        isRemote: posting.remote,
        workplaceType: posting.remote ? 'Remote' : 'OnSite',
        address: primary ? postalAddress(primary) : null,
        jobUrl: `https://jobs.ashbyhq.com/${token}/${id}`,
        applyUrl: `https://jobs.ashbyhq.com/${token}/${id}/application`,
        descriptionHtml: posting.descriptionHtml,
        descriptionPlain: posting.descriptionText,
        shouldDisplayCompensationOnJobPostings: posting.salary !== null,
        compensation: compensation(posting),
      };
    }),
  };
}

const PATH = /^\/posting-api\/job-board\/([^/]+)$/;

export const source: BoardSource = {
  ats: 'ashby',
  label: 'Ashby',
  baseUrlEnv: 'ASHBY_BASE_URL',
  defaultBaseUrl: 'https://api.ashbyhq.com',
  // Ashby board names keep their case and may hold spaces ("Scale Army Careers"), sent encoded.
  tokenPattern: /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/,
  tokenHint: 'the name in jobs.ashbyhq.com/<board> (letters, digits, spaces, ., - and _; case matters)',
  request: (token) => ({
    path: `/posting-api/job-board/${encodeURIComponent(token)}`,
    params: new URLSearchParams({ includeCompensation: 'true' }),
  }),
  shape: {
    envelope: z.looseObject({ jobs: z.unknown() }),
    item: ashbyItem,
    dataKey: 'jobs',
    idOf: (item) => String(item.id).trim(),
  },
  fake: {
    match: (pathname) => PATH.exec(pathname)?.[1] ?? null,
    render: (token, postings) => render(token, postings),
  },
};
