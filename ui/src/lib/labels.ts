// What a person reads for each stored vocabulary value (the values themselves come from
// profile-schema.ts). Shared by the form and the profile page so both say the same thing.
import type {
  BLOCK_KEYWORDS_IN,
  DATE_WINDOWS,
  EMPLOYMENT_TYPES,
  REMOTE_PREFERENCES,
  SENIORITY_LEVELS,
} from './profile-schema.ts';

export const DATE_WINDOW_LABELS: Record<(typeof DATE_WINDOWS)[number], string> = {
  all: 'Any time',
  today: 'Today',
  '3days': 'Last 3 days',
  week: 'Last week',
  month: 'Last month',
};

export const EMPLOYMENT_LABELS: Record<(typeof EMPLOYMENT_TYPES)[number], string> = {
  FULLTIME: 'Full-time',
  PARTTIME: 'Part-time',
  CONTRACTOR: 'Contractor',
  INTERN: 'Internship',
};

export const REMOTE_LABELS: Record<(typeof REMOTE_PREFERENCES)[number], string> = {
  any: 'No preference',
  remote: 'Remote in my country',
  remote_anywhere: 'Remote anywhere',
  hybrid: 'Hybrid',
  onsite: 'On-site',
};

export const SENIORITY_LABELS: Record<(typeof SENIORITY_LEVELS)[number], string> = {
  intern: 'Intern',
  junior: 'Junior',
  mid: 'Mid-level',
  senior: 'Senior',
  lead: 'Lead',
  principal: 'Principal',
  staff: 'Staff',
  manager: 'Manager',
  director: 'Director',
  executive: 'Executive',
};

/** The label of a stored value; a value outside the vocabulary (older data) is shown as stored. */
export function labelOf(labels: Record<string, string>, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return labels[value] ?? value;
}

/** Labels of a multi-choice setting; none chosen means any. */
export function labelList(labels: Record<string, string>, values: readonly string[]): string {
  return values.length > 0 ? values.map((value) => labelOf(labels, value)).join(', ') : 'Any';
}

export const BLOCK_KEYWORDS_IN_LABELS: Record<(typeof BLOCK_KEYWORDS_IN)[number], string> = {
  title: 'In the title',
  title_and_description: 'In the title and the description',
};
