// Deterministic, realistic JSearch postings and Glassdoor companies from a seed, at any volume.
// The same (seed, query, filters, page) always answers the same postings; a share of postings
// come from a pool shared across queries (cross-query duplicates) and some repeat within a query
// (duplicates across pages), as the real API does.
import { between, intBetween, pick, type Rng, rngFor, sample, weighted } from './random.ts';
import {
  AGGREGATOR_EMPLOYERS,
  BENEFITS,
  COMPANY_BLURBS,
  COUNTRIES,
  EEO,
  EMPLOYER_PREFIXES,
  EMPLOYER_SUFFIXES,
  EXPERIENCE_BY_LEVEL,
  INDUSTRIES,
  LEGAL_FORMS,
  type Place,
  PUBLISHERS,
  RESPONSIBILITIES,
  ROLE_FAMILIES,
  type RoleFamily,
  SIZES,
  SOFT_SKILLS,
  TITLE_SENIORITY,
} from './vocabulary.ts';

export type Posting = Record<string, unknown> & { job_id: string };

export interface SearchFilters {
  query: string;
  country?: string;
  date_posted?: string;
  employment_types?: string[];
  work_from_home?: boolean;
}

export interface GeneratorOptions {
  seed: number;
  // Postings are posted relative to this day (UTC midnight is used, so a day's answers are stable).
  now?: Date;
  resultsPerQuery?: number;
  /** Put the showcase postings (showcasePostings below) at the top of every first page. */
  showcase?: boolean;
}

const EMPLOYMENT_TEXT: Record<string, string> = {
  FULLTIME: 'Full-time',
  PARTTIME: 'Part-time',
  CONTRACTOR: 'Contractor',
  INTERN: 'Internship',
};
const WINDOW_DAYS: Record<string, number> = { today: 1, '3days': 3, week: 7, month: 30, all: 365 };
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SHARED_POOL_SIZE = 120;
const PAGE_SIZE = 10;

export const EMPLOYER_BASE_NAMES: string[] = EMPLOYER_PREFIXES.flatMap((prefix) =>
  EMPLOYER_SUFFIXES.map((suffix) => `${prefix} ${suffix}`),
);
// How the fake search reads a name: lower-case words, the fake's own legal forms (LEGAL_FORMS)
// dropped from the end. A stand-in for Glassdoor's loose search, not the lookup key (that is the
// warehouse's SQL function); for the names the fake makes up, the two read alike.
const LEGAL_FORM_WORDS = new Set(LEGAL_FORMS.map((form) => form.toLowerCase().replace(/[^a-z0-9]/g, '')));
function searchKey(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/['’]/g, '')
    .replaceAll('&', ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORM_WORDS.has(words[words.length - 1] as string)) words.pop();
  return words.join(' ');
}
const EMPLOYER_BY_KEY = new Map(EMPLOYER_BASE_NAMES.map((name, index) => [searchKey(name), index]));

const dayStart = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '');

function jobId(random: Rng): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += B64[Math.floor(random() * 64)];
  return `${id}AAAAAA==`;
}

export function familyFor(query: string): RoleFamily {
  return (
    ROLE_FAMILIES.find((family) => family.match.test(query)) ?? (ROLE_FAMILIES[ROLE_FAMILIES.length - 1] as RoleFamily)
  );
}

function titleCase(text: string): string {
  return text.replace(/\b([a-z])/g, (char) => char.toUpperCase());
}

function employerFor(random: Rng): { name: string; base: string | null; website: string | null } {
  if (random() < 0.04) {
    const name = pick(random, AGGREGATOR_EMPLOYERS);
    return { name, base: null, website: name === 'Upwork' ? 'http://www.elance.com' : null };
  }
  // A long tail: a few big employers post a lot.
  const index = Math.floor(random() ** 2 * EMPLOYER_BASE_NAMES.length);
  const base = EMPLOYER_BASE_NAMES[index] as string;
  const variant = random();
  const name = variant < 0.1 ? base.toUpperCase() : `${base}${pick(random, LEGAL_FORMS)}`;
  return { name, base, website: random() < 0.85 ? `https://www.${slug(base)}.com` : null };
}

function choosePlace(random: Rng, country: string, locationHint: string | undefined): Place {
  const places = (COUNTRIES[country] ?? COUNTRIES.us)?.places as Place[];
  if (locationHint) {
    const hint = locationHint.toLowerCase();
    const local = places.filter((place) => hint.includes(place.city.toLowerCase()));
    if (local.length) return pick(random, local);
  }
  return pick(random, places);
}

function salary(random: Rng, country: string, level: string | null, types: string[]) {
  const info = COUNTRIES[country] ?? (COUNTRIES.us as NonNullable<(typeof COUNTRIES)['us']>);
  const levelFactor: Record<string, number> = {
    intern: 0.35,
    junior: 0.65,
    mid: 0.9,
    senior: 1.2,
    lead: 1.35,
    staff: 1.5,
    principal: 1.65,
    manager: 1.3,
    director: 1.8,
    executive: 2.3,
  };
  const annualMid = info.annual * (levelFactor[level ?? 'mid'] ?? 1) * between(random, 0.8, 1.2);
  const period =
    types.includes('CONTRACTOR') || types.includes('PARTTIME')
      ? weighted(random, [
          ['HOUR', 70],
          ['YEAR', 20],
          ['DAY', 10],
        ] as const)
      : weighted(random, [
          ['YEAR', 80],
          ['HOUR', 10],
          ['MONTH', 6],
          ['WEEK', 2],
          ['DAY', 2],
        ] as const);
  const divisor: Record<string, number> = { YEAR: 1, MONTH: 12, WEEK: 52, DAY: 260, HOUR: 2080 };
  const scale = divisor[period] as number;
  const round = period === 'YEAR' ? 1000 : period === 'MONTH' ? 100 : 1;
  const min = Math.round((annualMid * 0.85) / scale / round) * round;
  const max = Math.round((annualMid * 1.15) / scale / round) * round;
  return { min, max: random() < 0.15 ? null : max, period, currency: info.currency };
}

function describe(
  random: Rng,
  title: string,
  employer: string,
  family: RoleFamily,
  level: string | null,
  skills: string[],
  niceToHave: string[],
  workMode: string,
  place: Place,
): { text: string; highlights: Record<string, string[]> } {
  const soft = sample(random, SOFT_SKILLS, 2);
  const responsibilities = sample(random, RESPONSIBILITIES, intBetween(random, 4, 7));
  const experience = EXPERIENCE_BY_LEVEL[level ?? 'mid'] ?? [];
  const benefits = sample(random, BENEFITS, intBetween(random, 3, 6));
  const [first, second, ...rest] = skills;
  const qualifications = [
    `Strong experience with ${first} and ${second ?? 'sql'}.`,
    ...rest.map((skill) =>
      pick(random, [
        `Hands-on experience with ${skill}.`,
        `Working knowledge of ${skill}.`,
        `Proficiency in ${skill}.`,
        `Experience using ${skill} in production.`,
      ]),
    ),
    ...(experience.length ? [experience[0] as string] : []),
    `Excellent ${soft[0]} and ${soft[1]} skills.`,
  ];
  const workLine =
    workMode === 'remote'
      ? 'This is a fully remote position; you can work from anywhere in the country.'
      : workMode === 'hybrid'
        ? `This is a hybrid role: three days a week in our ${place.city} office, two from home.`
        : `This role is based on-site in our ${place.city} office.`;
  const text = [
    `${employer} is hiring a ${title} to join our ${family.name.replace('-', ' ')} team in ${place.city}.`,
    ...sample(random, COMPANY_BLURBS, 2),
    workLine,
    experience[1] ?? '',
    '',
    'What you will do:',
    ...responsibilities.map((line) => `• ${line}`),
    '',
    'What we are looking for:',
    ...qualifications.map((line) => `• ${line}`),
    '',
    niceToHave.length ? `Nice to have: ${niceToHave.join(', ')}.` : '',
    '',
    'What we offer:',
    ...benefits.map((line) => `• ${line}`),
    '',
    EEO,
  ].join('\n');
  const highlights: Record<string, string[]> =
    random() < 0.3 ? {} : { Qualifications: qualifications, Responsibilities: responsibilities, Benefits: benefits };
  return { text, highlights };
}

interface Hints {
  family: RoleFamily;
  country: string;
  location?: string;
  windowDays: number;
  types?: string[];
  remoteOnly: boolean;
  hybridQuery: boolean;
}

function postingFrom(random: Rng, hints: Hints, nowMs: number): Posting {
  const id = jobId(random);
  const seniority = weighted(random, TITLE_SENIORITY);
  const base = pick(random, hints.family.titles);
  let title = seniority.prefix ? `${seniority.prefix} ${base}` : base;
  if (seniority.suffix === 'Intern') title = `${base} Intern`;
  else if (seniority.suffix === 'Manager')
    title = `${base.replace(/Engineer|Developer|Scientist|Analyst/, '').trim()} Manager`.replace(/\s+/g, ' ');
  else if (seniority.suffix) title = `${base} ${seniority.suffix}`;
  const level = seniority.level;

  const types = hints.types?.length
    ? [pick(random, hints.types)]
    : level === 'intern'
      ? ['INTERN']
      : [
          weighted(random, [
            ['FULLTIME', 82],
            ['CONTRACTOR', 10],
            ['PARTTIME', 6],
            ['INTERN', 2],
          ] as const),
        ];
  if (!hints.types?.length && random() < 0.05 && types[0] === 'FULLTIME') types.push('CONTRACTOR');

  const workMode = hints.remoteOnly
    ? 'remote'
    : hints.hybridQuery && random() < 0.7
      ? 'hybrid'
      : weighted(random, [
          ['onsite', 70],
          ['remote', 16],
          ['hybrid', 14],
        ] as const);
  if (workMode === 'remote' && random() < 0.3) title = `${title} - Remote`;
  else if (workMode === 'hybrid' && random() < 0.3) title = `${title} (Hybrid)`;

  const place = choosePlace(random, hints.country, hints.location);
  const employer = employerFor(random);
  const skills = sample(random, hints.family.skills, intBetween(random, 4, 9));
  const niceToHave = sample(
    random,
    hints.family.skills.filter((skill) => !skills.includes(skill)),
    intBetween(random, 0, 3),
  );
  const description = describe(random, title, employer.name, hints.family, level, skills, niceToHave, workMode, place);

  const ageDays =
    random() < 0.02 && hints.windowDays >= 365 ? intBetween(random, 365, 2500) : random() * hints.windowDays;
  const postedMs = nowMs - Math.round(ageDays * 86_400_000);
  const hasTimestamp = random() > 0.05;
  const pay = random() < 0.45 ? salary(random, hints.country, level, types) : null;
  const payPeriodOnly = !pay && random() < 0.1;
  const publisher = pick(random, PUBLISHERS);
  const applyLink = `https://jobs.example.com/${slug(employer.base ?? employer.name)}/${encodeURIComponent(id)}`;
  const hoursAgo = Math.max(1, Math.round(ageDays * 24));
  const posted = hoursAgo < 24 ? `${hoursAgo} hours ago` : `${Math.round(hoursAgo / 24)} days ago`;

  return {
    job_id: id,
    job_title: title,
    employer_name: employer.name,
    employer_logo: random() < 0.7 ? `https://logos.example.com/${slug(employer.name)}.png` : null,
    employer_website: employer.website,
    job_publisher: publisher,
    job_employment_type: types.map((type) => EMPLOYMENT_TEXT[type]).join(' and '),
    job_employment_types: types,
    job_apply_link: applyLink,
    job_apply_is_direct: publisher === 'Company website',
    apply_options: [
      { publisher, apply_link: applyLink, is_direct: publisher === 'Company website' },
      ...(random() < 0.5
        ? [
            {
              publisher: 'LinkedIn',
              apply_link: `https://www.linkedin.com/jobs/view/${hashless(id)}`,
              is_direct: false,
            },
          ]
        : []),
    ],
    job_description: description.text,
    job_is_remote: workMode === 'remote',
    job_posted_at: hasTimestamp ? posted : null,
    job_posted_at_timestamp: hasTimestamp ? Math.floor(postedMs / 1000) : null,
    job_posted_at_datetime_utc: hasTimestamp ? new Date(postedMs).toISOString().replace(/\.\d+Z$/, '.000Z') : null,
    job_location: `${place.city}, ${place.state}`,
    job_city: random() < 0.05 ? null : place.city,
    job_state: place.state,
    job_country: hints.country.toUpperCase(),
    job_latitude: place.lat + between(random, -0.05, 0.05),
    job_longitude: place.lng + between(random, -0.05, 0.05),
    job_benefits:
      random() < 0.4
        ? ['health_insurance', 'paid_time_off', 'dental_coverage'].slice(0, intBetween(random, 1, 3))
        : null,
    job_google_link: `https://www.google.com/search?q=jobs&ibp=htl;jobs#htidocid=${encodeURIComponent(id)}`,
    job_salary: null,
    job_min_salary: pay?.min ?? null,
    job_max_salary: pay?.max ?? null,
    // The 2025 schema often omits the currency; keep that quirk for a share of postings.
    ...(random() < 0.8 ? { job_salary_currency: pay ? pay.currency : null } : {}),
    job_salary_period: pay?.period ?? (payPeriodOnly ? 'YEAR' : null),
    job_highlights: description.highlights,
    job_onet_soc: '15113200',
    job_onet_job_zone: '4',
  };
}

const hashless = (id: string) => id.replace(/[^A-Za-z0-9]/g, '');

function hintsFor(filters: SearchFilters): Hints {
  const [what, where] = filters.query.split(/\s+in\s+/i);
  const country = (filters.country ?? 'us').toLowerCase();
  return {
    family: familyFor(what ?? filters.query),
    country: COUNTRIES[country] ? country : 'us',
    location: where,
    windowDays: WINDOW_DAYS[filters.date_posted ?? 'all'] ?? 365,
    types: filters.employment_types?.filter((type) => EMPLOYMENT_TEXT[type]),
    remoteOnly: filters.work_from_home === true,
    hybridQuery: /hybrid/i.test(filters.query),
  };
}

function queryStreamKey(filters: SearchFilters): string {
  return [
    filters.query.trim().toLowerCase().replace(/\s+/g, ' '),
    filters.country ?? '',
    filters.date_posted ?? '',
    [...(filters.employment_types ?? [])].sort().join(','),
    filters.work_from_home ? 'remote' : '',
  ].join('|');
}

function matchesFilters(posting: Posting, hints: Hints, nowMs: number): boolean {
  if (hints.remoteOnly && posting.job_is_remote !== true) return false;
  if (hints.types?.length && !(posting.job_employment_types as string[]).some((type) => hints.types?.includes(type)))
    return false;
  const ts = posting.job_posted_at_timestamp as number | null;
  if (ts !== null && nowMs - ts * 1000 > hints.windowDays * 86_400_000) return false;
  return true;
}

// How many results a query has in total (deterministic; 60–300 unless fixed).
export function resultCount(seed: number, filters: SearchFilters, fixed?: number): number {
  if (fixed !== undefined) return fixed;
  return intBetween(rngFor(seed, 'count', queryStreamKey(filters)), 60, 300);
}

export function postingAt(seed: number, filters: SearchFilters, slot: number, nowMs: number): Posting {
  const key = queryStreamKey(filters);
  const hints = hintsFor(filters);
  const random = rngFor(seed, key, slot);
  const draw = random();
  if (draw < 0.03 && slot > 0) {
    // Re-listed: the same posting shows up again further down the results.
    return postingAt(seed, filters, slot - 1 - Math.floor(random() * Math.min(slot, 25)), nowMs);
  }
  if (draw < 0.15) {
    const shared = sharedPosting(seed, hints.country, Math.floor(random() * SHARED_POOL_SIZE), nowMs);
    if (matchesFilters(shared, hints, nowMs)) return shared;
  }
  return postingFrom(rngFor(seed, key, slot, 'posting'), hints, nowMs);
}

// The pool shared by every query of a country: the source of cross-query duplicates.
export function sharedPosting(seed: number, country: string, index: number, nowMs: number): Posting {
  const random = rngFor(seed, 'shared', country, index);
  const family = pick(random, ROLE_FAMILIES);
  return postingFrom(random, { family, country, windowDays: 30, remoteOnly: false, hybridQuery: false }, nowMs);
}

/** The showcase postings' job ids, per role family: what the demo profiles block and dismiss. */
export function showcaseJobId(
  family: string,
  role: 'blocked' | 'dismissed' | 'expired' | 'copy-li' | 'copy-in' | 'copy-co',
) {
  return `showcase-${family}-${role}`;
}

/**
 * What job seekers ask to have skipped (issue 17), the same on every search of a role family, so
 * the demo can show each being skipped: an employer under two spellings (for a block list), a job
 * to dismiss, a posting whose expiry has passed, and one job posted on three boards under three
 * job_ids. Realistic otherwise (drawn like any posting), and well paid so they would rank high.
 */
export function showcasePostings(filters: SearchFilters, nowMs: number): Posting[] {
  const hints = hintsFor(filters);
  const family = hints.family.name;
  const places = (COUNTRIES[hints.country] ?? (COUNTRIES.us as NonNullable<(typeof COUNTRIES)['us']>)).places;
  // One place for every copy (the searched city when there is one), so board copies match.
  const place =
    places.find((candidate) => hints.location?.toLowerCase().includes(candidate.city.toLowerCase())) ??
    (places[0] as Place);
  // The family's title closest to what was searched ("python developer" → Python Developer).
  const what = (filters.query.split(/\s+in\s+/i)[0] ?? '').trim().toLowerCase();
  const titles = hints.family.titles;
  const closest =
    titles.find((candidate) => candidate.toLowerCase() === what) ??
    titles.find((candidate) => what.split(/\s+/).every((word) => candidate.toLowerCase().includes(word))) ??
    titles[0];
  const title = `Senior ${closest}`;
  const annual = (COUNTRIES[hints.country] ?? COUNTRIES.us)?.annual ?? 120_000;
  const base = (role: string, overrides: Partial<Posting>): Posting => {
    const drawn = postingFrom(rngFor(0, 'showcase', family, role), { ...hints, remoteOnly: hints.remoteOnly }, nowMs);
    const postedMs = nowMs - 2 * 86_400_000;
    return {
      ...drawn,
      job_title: title,
      job_employment_types: hints.types?.length ? [hints.types[0]] : ['FULLTIME'],
      job_employment_type: 'Full-time',
      job_min_salary: Math.round(annual * 1.15),
      job_max_salary: Math.round(annual * 1.4),
      job_salary_period: 'YEAR',
      job_salary_currency: COUNTRIES[hints.country]?.currency ?? 'USD',
      job_posted_at_timestamp: Math.floor(postedMs / 1000),
      job_posted_at_datetime_utc: new Date(postedMs).toISOString().replace(/\.\d+Z$/, '.000Z'),
      job_posted_at: '2 days ago',
      job_city: place.city,
      job_state: place.state,
      job_location: `${place.city}, ${place.state}`,
      job_is_remote: hints.remoteOnly,
      job_offer_expiration_timestamp: null,
      job_offer_expiration_datetime_utc: null,
      ...overrides,
    } as Posting;
  };
  const copy = (role: 'copy-li' | 'copy-in' | 'copy-co', publisher: string, employer: string, titleVariant: string) => {
    const id = showcaseJobId(family, role);
    return base(role, {
      job_id: id,
      job_title: titleVariant,
      employer_name: employer,
      job_publisher: publisher,
      job_apply_link: `https://${slug(publisher)}.example.com/jobs/${id}`,
      job_apply_is_direct: publisher === 'Company website',
      apply_options: [{ publisher, apply_link: `https://${slug(publisher)}.example.com/jobs/${id}`, is_direct: false }],
    });
  };
  return [
    base('blocked', { job_id: showcaseJobId(family, 'blocked'), employer_name: 'GLOBEX CORPORATION' }),
    base('dismissed', { job_id: showcaseJobId(family, 'dismissed'), employer_name: 'Umbrella Analytics' }),
    base('expired', {
      job_id: showcaseJobId(family, 'expired'),
      employer_name: 'Soylent Data',
      job_offer_expiration_timestamp: Math.floor((nowMs - 86_400_000) / 1000),
      job_offer_expiration_datetime_utc: new Date(nowMs - 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z'),
    }),
    copy('copy-li', 'LinkedIn', 'Initech', title),
    copy('copy-in', 'Indeed', 'Initech Inc.', `${title} (Hybrid)`),
    copy('copy-co', 'Company website', 'INITECH, INC', title),
  ];
}

export function searchPage(
  options: GeneratorOptions,
  filters: SearchFilters,
  page: number,
  numPages: number,
): Posting[] {
  const nowMs = dayStart(options.now ?? new Date()) + 12 * 3600_000;
  const total = resultCount(options.seed, filters, options.resultsPerQuery);
  const first = (Math.max(1, page) - 1) * PAGE_SIZE;
  const last = Math.min(total, first + Math.max(1, numPages) * PAGE_SIZE);
  const out: Posting[] = options.showcase && first === 0 ? showcasePostings(filters, nowMs) : [];
  for (let slot = first; slot < last; slot++) out.push(postingAt(options.seed, filters, slot, nowMs));
  return out;
}

export const BULK_QUERIES = [
  'data engineer',
  'software engineer',
  'data scientist',
  'bi developer',
  'devops engineer',
  'react developer',
  'python developer',
  'machine learning engineer',
  'data analyst',
  'backend developer',
];

// Distinct postings for benchmarks and bulk tests: the i-th posting is a pure function of (seed, i).
export function* generatePostings(options: GeneratorOptions & { count: number }): Generator<Posting> {
  const nowMs = dayStart(options.now ?? new Date()) + 12 * 3600_000;
  const countries = Object.entries(COUNTRIES).map(([code, info]) => [code, info.weight] as const);
  for (let index = 0; index < options.count; index++) {
    const random = rngFor(options.seed, 'bulk', index);
    const query = pick(random, BULK_QUERIES);
    const country = weighted(random, countries);
    yield postingFrom(
      random,
      { family: familyFor(query), country, windowDays: 30, remoteOnly: false, hybridQuery: false },
      nowMs,
    );
  }
}

// --- Glassdoor -----------------------------------------------------------------------------

export type Company = Record<string, unknown> & { company_id: number; name: string };

function companyFrom(seed: number, name: string, variant: string): Company {
  const random = rngFor(seed, 'company', name, variant);
  const [sizeText, sizeCategory] = pick(random, SIZES);
  const unknown = random() < 0.05;
  const rating = unknown ? 0 : Math.round(between(random, 2.6, 4.8) * 10) / 10;
  const sub = () => (unknown ? 0 : Math.round(Math.min(5, Math.max(1, rating + between(random, -0.6, 0.5))) * 10) / 10);
  const city = pick(random, (COUNTRIES.us?.places ?? []) as Place[]);
  return {
    company_id: (1000 + rngFor(seed, 'company-id', name, variant)() * 9_000_000) | 0,
    name,
    company_link: `https://www.glassdoor.com/Overview/Working-at-${slug(name)}.htm`,
    rating,
    review_count: unknown ? 0 : intBetween(random, 3, 25_000),
    salary_count: intBetween(random, 0, 5000),
    job_count: intBetween(random, 0, 400),
    headquarters_location: `${city.city}, ${city.state}`,
    logo: random() < 0.8 ? `https://media.glassdoor.com/sql/${slug(name)}.png` : null,
    company_size: sizeText,
    company_size_category: sizeCategory,
    company_description: random() < 0.9 ? `${name} ${pick(random, COMPANY_BLURBS).slice(3)}` : ' ',
    industry: random() < 0.95 ? pick(random, INDUSTRIES) : null,
    website:
      variant === 'exact'
        ? `https://www.${slug(name.replace(/,? (Inc\.?|LLC|Ltd|Corp\.?|Corporation|GmbH|Co\.)$/, ''))}.com`
        : random() < 0.5
          ? `https://${slug(name)}.example`
          : null,
    company_type: pick(random, ['Company - Private', 'Company - Public', 'Nonprofit Organization', 'Government']),
    revenue: pick(random, [
      'Unknown / Non-Applicable',
      '$5 to $25 million (USD)',
      '$100 to $500 million (USD)',
      '$10+ billion (USD)',
    ]),
    year_founded: random() < 0.8 ? intBetween(random, 1900, 2022) : null,
    stock: null,
    ceo: random() < 0.7 ? 'Jordan Smith' : null,
    ceo_rating: unknown ? 0 : Math.round(between(random, 0.5, 1) * 100) / 100,
    business_outlook_rating: unknown ? 0 : Math.round(between(random, 0.3, 1) * 100) / 100,
    recommend_to_friend_rating: unknown ? 0 : Math.round(between(random, 0.3, 1) * 100) / 100,
    career_opportunities_rating: sub(),
    compensation_and_benefits_rating: sub(),
    culture_and_values_rating: sub(),
    diversity_and_inclusion_rating: sub(),
    senior_management_rating: sub(),
    work_life_balance_rating: sub(),
    competitors: [],
    office_locations: [],
    best_places_to_work_awards: [],
    reviews_link: `https://www.glassdoor.com/Reviews/${slug(name)}-reviews.htm`,
    jobs_link: `https://www.glassdoor.com/Jobs/${slug(name)}-jobs.htm`,
    faq_link: `https://www.glassdoor.com/FAQ/${slug(name)}-questions.htm`,
  };
}

// Loose like the real search: the company itself (usually), plus look-alikes ("Thynk Google").
export function companySearch(seed: number, query: string, limit = 10): Company[] {
  const key = searchKey(query);
  const random = rngFor(seed, 'company-search', key);
  const known = EMPLOYER_BY_KEY.has(key);
  const display = known ? (EMPLOYER_BASE_NAMES[EMPLOYER_BY_KEY.get(key) as number] as string) : titleCase(query.trim());
  const results: Company[] = [];
  const found = known ? random() < 0.92 : random() < 0.5;
  if (found) results.push(companyFrom(seed, `${display}${random() < 0.3 ? ' Inc.' : ''}`, 'exact'));
  const lookalikes = [
    `Thynk ${display}`,
    `${display} India`,
    `${display} Cloud`,
    `${display} Holdings Group`,
    `New ${display}`,
  ];
  for (const name of sample(random, lookalikes, intBetween(random, 0, 3)))
    results.push(companyFrom(seed, name, 'lookalike'));
  // The real API does not sort the exact match first.
  return sample(random, results, results.length).slice(0, limit);
}
