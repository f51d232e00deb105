// Candidate-job and profile builders for the pure tests.
import type { CandidateJob, Profile } from '../../src/choose.ts';

export const job = (overrides: Partial<CandidateJob> = {}): CandidateJob => ({
  jobId: 'job-1',
  jobPostingKey: 'key-1',
  rankScore: 80,
  reasons: ['python and developer in the title', 'In Toronto, your location'],
  jobTitle: 'Data Engineer',
  employerName: 'Acme',
  companyName: 'Acme Inc.',
  companyRating: 4.2,
  jobCity: 'Toronto',
  jobState: 'ON',
  jobCountry: 'CA',
  isRemote: false,
  salaryMinAnnual: 90000,
  salaryMaxAnnual: 120000,
  salaryCurrency: 'CAD',
  jobAgeDays: 2,
  applyLink: 'https://jobs.example.com/1',
  ...overrides,
});

export const profile: Profile = {
  profileId: 7,
  profileName: 'Data roles',
  email: 'ada@example.com',
  notifyWhenEmpty: true,
};

/** No lone surrogate halves (String.prototype.isWellFormed is ES2024, beyond our lib setting). */
export const isWellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
