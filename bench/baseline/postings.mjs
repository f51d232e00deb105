// Deterministic synthetic JSearch postings (2025 response shape) for the landing benchmarks.
// Same seed and count → byte-identical NDJSON, so every part of `make bench` lands the same data.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Bump when the shape or the text changes, so stale files under bench/data are regenerated.
const GENERATOR_VERSION = 1;
const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_COUNT = 50_000;
export const DEFAULT_SEED = 20_261_128;

// mulberry32: tiny, fast, and good enough to make varied but reproducible text.
export function randomSource(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

const titles = [
  'Senior Data Engineer',
  'Analytics Engineer',
  'Business Intelligence Developer',
  'Junior Python Developer',
  'Staff Software Engineer, Platform',
  'Lead Backend Engineer (Node.js)',
  'Ingénieur de données',
  'Datenbankentwickler (m/w/d)',
  'Principal Machine Learning Engineer',
  'Full-Stack Developer – React / TypeScript',
  'Data Analyst II',
  'Engineering Manager, Data Platform',
  'Intern, Software Development (Summer 2027)',
  'Cloud Data Architect',
  'DevOps Engineer — Kubernetes',
];
const employers = [
  ['Northwind Analytics', 'https://www.northwind-analytics.example'],
  ['Société Générale de Données', 'https://sgd.example'],
  ['Müller & Söhne GmbH', 'https://mueller-soehne.example'],
  ['Blue Heron Health', 'https://blueheron.example'],
  ['Kōgen Systems', 'https://kogen.example'],
  ['Maple Leaf Logistics', null],
  ['Contoso Retail', 'https://contoso.example'],
  ['Jobs via Dice', null],
  ['Øresund Fintech ApS', 'https://oresund.example'],
  ['São Paulo Digital Ltda', 'https://spdigital.example'],
];
const places = [
  ['Toronto', 'ON', 'CA', 43.65107, -79.347015],
  ['Montréal', 'QC', 'CA', 45.50169, -73.567253],
  ['New York', 'NY', 'US', 40.712776, -74.005974],
  ['Austin', 'TX', 'US', 30.267153, -97.743061],
  ['Chicago', 'IL', 'US', 41.878113, -87.629799],
  ['London', 'England', 'GB', 51.507351, -0.127758],
  ['München', 'BY', 'DE', 48.135124, 11.581981],
  [null, null, 'CA', 56.130366, -106.346771],
];
const publishers = ['LinkedIn', 'Indeed', 'Glassdoor', 'ZipRecruiter', 'Eluta.ca', 'BeBee CA', 'Built In'];
const employmentTypes = [
  ['FULLTIME'],
  ['FULLTIME'],
  ['CONTRACTOR'],
  ['PARTTIME'],
  ['INTERN'],
  ['FULLTIME', 'CONTRACTOR'],
];
const employmentText = { FULLTIME: 'Full-time', CONTRACTOR: 'Contractor', PARTTIME: 'Part-time', INTERN: 'Internship' };
const sentences = [
  'You will design, build and operate batch and streaming pipelines in Python, SQL and dbt on PostgreSQL and Snowflake.',
  'Our team owns the warehouse end to end: ingestion with Airflow, modelling with dbt, and dashboards in Looker and Power BI.',
  'Nous recherchons une personne curieuse, rigoureuse et à l’aise avec l’anglais comme le français.',
  'Wir bieten flexible Arbeitszeiten, 30 Tage Urlaub und ein Budget für Weiterbildung – remote oder hybrid.',
  'Experience with AWS (S3, Glue, Lambda, ECS) or GCP (BigQuery, Dataflow) is a strong plus.',
  'Strong communication skills, ownership, and the ability to mentor junior engineers are essential.',
  'We value diversity — applicants of every background are encouraged to apply. 🌍',
  'Requirements: 5+ years with TypeScript/Node.js, REST and GraphQL APIs, Docker and Kubernetes.',
  'Nice to have: Kafka, Spark, Terraform, CI/CD with GitHub Actions, and a taste for observability (Grafana, Prometheus).',
  'Benefits include health, dental and vision coverage, an RRSP/401(k) match, and a home-office stipend of $1,000.',
  'The salary range for this role is CA$95,000–CA$130,000 per year, plus bonus and equity.',
  'Vous travaillerez avec des équipes produit, finance et opérations pour fiabiliser nos indicateurs clés.',
  'You are comfortable with data modelling (Kimball, Data Vault), testing and documentation as first-class work.',
  'On-call is shared fairly across the team, one week in eight, with time off in lieu.',
  'We ship small changes often, review each other’s code kindly, and write things down.',
  '本职位需要良好的沟通能力和团队合作精神。',
  'Key responsibilities:\n• Own data quality checks and alerting\n• Tune SQL for PostgreSQL 15\n• Partner with analysts on metrics',
  'This is a hybrid role: three days a week in our downtown office, with flexible hours around core time.',
  'Machine learning experience (scikit-learn, PyTorch, feature stores) helps but is not required.',
  'Please include a short note about a data problem you enjoyed solving; no cover letter template needed.',
];

function jobId(random) {
  const bytes = Buffer.alloc(12);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = random.int(0, 255);
  return `${bytes.toString('base64')}AAAA==`;
}

// Words of the sentences above, recombined so descriptions are not a handful of repeated lines
// (repetition would flatter TOAST compression, which is the landing bottleneck).
const vocabulary = [
  ...new Set(
    sentences
      .join(' ')
      .split(/\s+/)
      .filter((word) => /\p{L}/u.test(word)),
  ),
];

function freeSentence(random) {
  const words = Array.from({ length: random.int(8, 24) }, () => random.pick(vocabulary));
  const first = words[0];
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

function description(random, minBytes) {
  const parts = [];
  let size = 0;
  while (size < minBytes) {
    const sentence = random.chance(0.3) ? random.pick(sentences) : freeSentence(random);
    parts.push(sentence);
    size += Buffer.byteLength(sentence) + 2;
    if (random.chance(0.25)) parts.push('\n\n');
  }
  return parts.join(' ');
}

// One posting of roughly targetBytes of JSON (4–6 KB), shaped like the 2025 JSearch search response.
export function makePosting(random, index) {
  const [employerName, website] = random.pick(employers);
  const [city, state, country, lat, lng] = random.pick(places);
  const types = random.pick(employmentTypes);
  const postedAt = 1_764_000_000 + random.int(0, 60 * 86_400);
  const hasSalary = random.chance(0.4);
  const minSalary = hasSalary ? random.int(50, 120) * 1000 : null;
  const id = jobId(random);
  const publisher = random.pick(publishers);
  const link = `https://jobs.example/${encodeURIComponent(publisher)}/view/${index}?utm_source=google_jobs_apply`;
  const posting = {
    job_id: id,
    job_title: random.pick(titles),
    employer_name: employerName,
    employer_logo: random.chance(0.5) ? `https://logos.example/${index % 997}.png` : null,
    employer_website: website,
    job_publisher: publisher,
    job_employment_type: types.map((type) => employmentText[type]).join(', '),
    job_employment_types: types,
    job_apply_link: link,
    job_apply_is_direct: random.chance(0.2),
    apply_options: [
      { publisher, apply_link: link, is_direct: false },
      { publisher: random.pick(publishers), apply_link: `${link}&alt=1`, is_direct: false },
    ],
    job_description: '',
    job_is_remote: random.chance(0.3),
    job_posted_at: `${random.int(1, 29)} days ago`,
    job_posted_at_timestamp: postedAt,
    job_posted_at_datetime_utc: new Date(postedAt * 1000).toISOString(),
    job_location: city ? `${city}, ${state}` : country,
    job_city: city,
    job_state: state,
    job_country: country,
    job_latitude: lat,
    job_longitude: lng,
    job_benefits: random.chance(0.5) ? ['health_insurance', 'dental_coverage', 'retirement_savings'] : null,
    job_google_link: `https://www.google.com/search?q=jobs&udm=8#vhid=${encodeURIComponent(id)}`,
    job_min_salary: minSalary,
    job_max_salary: hasSalary ? minSalary + random.int(10, 60) * 1000 : null,
    job_salary_period: hasSalary ? 'YEAR' : random.pick([null, 'YEAR', 'HOUR']),
    job_highlights: random.chance(0.6)
      ? {
          Qualifications: [random.pick(sentences), random.pick(sentences)],
          Responsibilities: [random.pick(sentences), random.pick(sentences), random.pick(sentences)],
        }
      : {},
    job_onet_soc: '15113200',
    job_onet_job_zone: String(random.int(3, 5)),
  };
  const targetBytes = random.int(4000, 6000);
  const skeletonBytes = Buffer.byteLength(JSON.stringify(posting));
  posting.job_description = description(random, Math.max(500, targetBytes - skeletonBytes));
  return posting;
}

export function postingsPath(count = DEFAULT_COUNT, seed = DEFAULT_SEED) {
  return join(benchDir, 'data', `jsearch_postings_${count}_s${seed}_v${GENERATOR_VERSION}.ndjson`);
}

// Writes the NDJSON file once (temp file + rename, so an interrupted run never leaves half a file)
// and returns its path and size. JSON.stringify escapes every control character, so no line
// contains a raw newline, \x01 or \x02: that is what lets psql read it with CSV format.
export async function ensurePostings(count = DEFAULT_COUNT, seed = DEFAULT_SEED) {
  const path = postingsPath(count, seed);
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.bytes === statSync(path).size) return meta;
  }
  mkdirSync(dirname(path), { recursive: true });
  const random = randomSource(seed);
  const temp = `${path}.partial`;
  const out = createWriteStream(temp);
  let bytes = 0;
  for (let index = 0; index < count; index += 1) {
    const line = `${JSON.stringify(makePosting(random, index))}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise((resolveDrain) => out.once('drain', resolveDrain));
  }
  await new Promise((resolveEnd, reject) => out.end((error) => (error ? reject(error) : resolveEnd())));
  renameSync(temp, path);
  const meta = { path, rows: count, bytes, seed, generator_version: GENERATOR_VERSION };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return meta;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? DEFAULT_COUNT);
  const meta = await ensurePostings(count);
  process.stdout.write(`${meta.path}\n${meta.rows} rows, ${(meta.bytes / 1048576).toFixed(1)} MiB\n`);
}
