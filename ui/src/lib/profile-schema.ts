// The one validation schema for profile forms (create and edit). Pure: no I/O, shared by the
// form actions and the tests. Field names equal the columns of marts.profile_preferences.
import {
  BLOCK_KEYWORDS_IN,
  DATE_WINDOWS,
  EMPLOYMENT_TYPES,
  REMOTE_PREFERENCES,
  SENIORITY_LEVELS,
} from '@jobs/loaders/vocabulary';
import { z } from 'zod';
import { isCountryCode } from './countries.ts';

// The enumerations are the profile vocabulary (dbt seeds, generated into the loaders' vocabulary
// module). This schema is where a profile's values are validated and normalised; the warehouse's
// checks and the JSearch request builder trust what it lets through.
export { BLOCK_KEYWORDS_IN, DATE_WINDOWS, EMPLOYMENT_TYPES, REMOTE_PREFERENCES, SENIORITY_LEVELS };

/**
 * How a list field's typed text splits into items. Employer names contain commas ("ACME, Inc."),
 * so blocked employers split on semicolons; every other list on commas.
 */
export const LIST_SEPARATORS: Record<string, string> = { excluded_employers: ';' };

export const LIMITS = {
  nameLength: 120,
  queryLength: 200,
  locationLength: 120,
  emailLength: 254,
  skillLength: 60,
  skillCount: 50,
  blockItemLength: 100,
  blockItemCount: 100,
  webhookLength: 2000,
  salaryMax: 10_000_000,
} as const;

/** The mailing threshold shown in a new profile's form (dbt var default_min_mail_score). */
export const DEFAULT_MIN_MAIL_SCORE = 40;

/** What a profile form holds: exactly what the person typed or chose, before validation. */
export interface ProfileFormValues {
  profile_name: string;
  is_active: boolean;
  query: string;
  location: string;
  country: string;
  language: string;
  date_window: string;
  employment_types: string[];
  remote_preference: string;
  min_salary: string;
  max_salary: string;
  salary_currency: string;
  min_mail_score: string;
  email: string;
  preferred_skills: string[];
  preferred_seniority: string[];
  notify_when_empty: boolean;
  excluded_employers: string[];
  excluded_keywords: string[];
  block_keywords_in: string;
  /** A new chat webhook URL as typed; empty keeps the saved one. The saved one is never echoed. */
  chat_webhook_url: string;
  /** Remove the saved chat webhook. */
  chat_webhook_remove: boolean;
}

export type ProfileField = keyof ProfileFormValues;
export type FieldErrors = Partial<Record<ProfileField, string>>;

export const EMPTY_PROFILE_FORM: ProfileFormValues = {
  profile_name: '',
  is_active: true,
  query: '',
  location: '',
  country: 'us',
  language: '',
  date_window: 'week',
  employment_types: [],
  remote_preference: 'any',
  min_salary: '',
  max_salary: '',
  salary_currency: '',
  min_mail_score: String(DEFAULT_MIN_MAIL_SCORE),
  email: '',
  preferred_skills: [],
  preferred_seniority: [],
  notify_when_empty: true,
  excluded_employers: [],
  excluded_keywords: [],
  block_keywords_in: 'title',
  chat_webhook_url: '',
  chat_webhook_remove: false,
};

// Single-line fields: no control characters at all (\p{Cc}: NUL, which PostgreSQL text cannot hold,
// tabs, line breaks, C1), and no bidi overrides or isolates (U+202A–U+202E, U+2066–U+2069), which
// make a name or a skill display as something else than what it is (e.g. in a digest's subject).
const CONTROL_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine(
      (value) => !CONTROL_CHARACTERS.test(value),
      `${label} contains control characters or text-direction overrides`,
    );

const requiredText = (label: string, max: number) => text(label, max).pipe(z.string().min(1, `${label} is required`));

const optionalText = (label: string, max: number) =>
  text(label, max).transform((value) => (value === '' ? null : value));

/**
 * An amount as typed in any common locale, as a plain decimal string ("90.000" and "90,000" are
 * ninety thousand; "90000,50" and "90000.50" have cents), or null. A separator followed by exactly
 * three digits groups thousands; any other last separator is the decimal point.
 */
export function normaliseAmount(raw: string): string | null {
  const compact = raw.replace(/[\s_'\u00a0\u202f]/g, '').toLowerCase();
  const match = /^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:[.,](\d{1,2}))?(k?)$/.exec(compact);
  if (!match) return null;
  return `${(match[1] as string).replace(/[.,]/g, '')}${match[2] ? `.${match[2]}` : ''}${match[3]}`;
}

// Accepts "90000", "90,000", "90.000", "90 000", "90000.50", "90000,50" and "90k"; empty means no bound.
const salary = (label: string) =>
  z
    .string()
    .trim()
    .transform((raw, ctx) => {
      if (raw === '') return null;
      const compact = normaliseAmount(raw) ?? '';
      const match = /^(\d+(?:\.\d{1,2})?)(k?)$/.exec(compact);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a yearly amount such as 90000 or 90k` });
        return z.NEVER;
      }
      const amount = Number(match[1]) * (match[2] ? 1000 : 1);
      if (amount > LIMITS.salaryMax) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${LIMITS.salaryMax.toLocaleString('en')}` });
        return z.NEVER;
      }
      return amount;
    });

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: () => `${label} must be one of: ${values.join(', ')}` });

const uniqueList = <T extends string>(items: T[]): T[] => [...new Set(items)];

/** A list of short single-line items: spaces collapsed, blanks dropped, case-insensitive duplicates removed. */
const itemList = (itemLabel: string, itemMax: number, countMax: number, countLabel: string) =>
  z
    .array(
      text(itemLabel, itemMax)
        .transform((item) => item.replace(/\s+/g, ' '))
        .pipe(z.string().min(1)),
    )
    .max(countMax, `At most ${countMax} ${countLabel}`)
    .transform(uniqueSkills);

export const profileSchema = z
  .object({
    profile_name: requiredText('Name', LIMITS.nameLength),
    is_active: z.boolean(),
    query: requiredText('Search query', LIMITS.queryLength),
    location: optionalText('Location', LIMITS.locationLength),
    country: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.string().min(1, 'Country is required'))
      .refine(isCountryCode, 'Country must be an ISO-3166 two-letter code, e.g. us or ca'),
    language: z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => value === '' || /^[a-z]{2}$/.test(value), 'Language must be a two-letter ISO-639 code')
      .transform((value) => (value === '' ? null : value)),
    date_window: z
      .string()
      .trim()
      .pipe(z.string().min(1, 'Date window is required'))
      .pipe(enumOf(DATE_WINDOWS, 'Date window')),
    employment_types: z.array(enumOf(EMPLOYMENT_TYPES, 'Employment type')).transform(uniqueList),
    remote_preference: enumOf(REMOTE_PREFERENCES, 'Remote preference'),
    min_salary: salary('Minimum salary'),
    max_salary: salary('Maximum salary'),
    // Empty: the country's currency (decided in SQL, dbt seed country_currencies).
    salary_currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((value) => value === '' || /^[A-Z]{3}$/.test(value), 'Currency must be a three-letter code, e.g. USD')
      .transform((value) => (value === '' ? null : value)),
    min_mail_score: z
      .string()
      .trim()
      .transform((raw, ctx) => {
        const value = raw === '' ? DEFAULT_MIN_MAIL_SCORE : Number(normaliseAmount(raw) ?? Number.NaN);
        if (!Number.isFinite(value) || value < 0 || value > 100) {
          ctx.addIssue({ code: 'custom', message: 'Minimum score must be a number from 0 to 100' });
          return z.NEVER;
        }
        return value;
      }),
    email: z
      .string()
      .trim()
      .pipe(z.string().min(1, 'Email is required'))
      .pipe(z.string().max(LIMITS.emailLength, `Email must be at most ${LIMITS.emailLength} characters`))
      .pipe(z.email('Enter a valid email address, e.g. name@example.com')),
    preferred_skills: z
      .array(
        text('Each skill', LIMITS.skillLength)
          .transform((skill) => skill.replace(/\s+/g, ' '))
          .pipe(z.string().min(1)),
      )
      .max(LIMITS.skillCount, `At most ${LIMITS.skillCount} skills`)
      .transform(uniqueSkills),
    preferred_seniority: z.array(enumOf(SENIORITY_LEVELS, 'Seniority')).transform(uniqueList),
    notify_when_empty: z.boolean(),
    excluded_employers: itemList(
      'Each blocked employer',
      LIMITS.blockItemLength,
      LIMITS.blockItemCount,
      'blocked employers',
    ),
    excluded_keywords: itemList(
      'Each blocked keyword',
      LIMITS.blockItemLength,
      LIMITS.blockItemCount,
      'blocked keywords',
    ),
    block_keywords_in: z
      .string()
      .trim()
      .transform((value) => value || 'title')
      .pipe(enumOf(BLOCK_KEYWORDS_IN, 'Match blocked keywords in')),
    // A secret (it lets anyone post to the channel): validated, stored, never shown back in full.
    chat_webhook_url: text('Chat webhook', LIMITS.webhookLength)
      .refine(
        (value) => value === '' || isHttpUrl(value),
        'Chat webhook must be an http(s) URL, e.g. https://ntfy.sh/my-topic',
      )
      .transform((value) => (value === '' ? null : value)),
    chat_webhook_remove: z.boolean(),
  })
  .superRefine((profile, ctx) => {
    if (profile.min_salary !== null && profile.max_salary !== null && profile.min_salary > profile.max_salary) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_salary'],
        message: 'Maximum salary must be at least the minimum salary',
      });
    }
  });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A validated profile, shaped like the columns it is written to. */
export type ProfileInput = z.output<typeof profileSchema>;

function uniqueSkills(skills: string[]): string[] {
  const seen = new Set<string>();
  return skills.filter((skill) => {
    const key = skill.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type ValidationResult = { ok: true; profile: ProfileInput } | { ok: false; errors: FieldErrors };

export function validateProfile(values: ProfileFormValues): ValidationResult {
  const result = profileSchema.safeParse(values);
  if (result.success) return { ok: true, profile: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as ProfileField | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

const TRUE_WORDS = new Set(['on', 'true', '1', 'yes']);

// Arrays arrive as repeated fields, comma-separated text, or both (Project Documentation/contract.md).
function listField(form: FormData, name: string): string[] {
  const separator = LIST_SEPARATORS[name] ?? ',';
  return form
    .getAll(name)
    .filter((entry): entry is string => typeof entry === 'string')
    .flatMap((entry) => entry.split(separator))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function flagField(form: FormData, name: string): boolean {
  return TRUE_WORDS.has(textField(form, name).trim().toLowerCase());
}

/** Reads a submitted profile form. Unchecked checkboxes are absent from a form, hence false. */
export function readProfileForm(form: FormData): ProfileFormValues {
  return {
    profile_name: textField(form, 'profile_name'),
    is_active: flagField(form, 'is_active'),
    query: textField(form, 'query'),
    location: textField(form, 'location'),
    country: textField(form, 'country'),
    language: textField(form, 'language'),
    date_window: textField(form, 'date_window'),
    employment_types: listField(form, 'employment_types').map((type) => type.toUpperCase()),
    remote_preference: textField(form, 'remote_preference') || 'any',
    min_salary: textField(form, 'min_salary'),
    max_salary: textField(form, 'max_salary'),
    salary_currency: textField(form, 'salary_currency'),
    min_mail_score: textField(form, 'min_mail_score'),
    email: textField(form, 'email'),
    preferred_skills: listField(form, 'preferred_skills'),
    preferred_seniority: listField(form, 'preferred_seniority').map((level) => level.toLowerCase()),
    notify_when_empty: flagField(form, 'notify_when_empty'),
    excluded_employers: listField(form, 'excluded_employers'),
    excluded_keywords: listField(form, 'excluded_keywords'),
    block_keywords_in: textField(form, 'block_keywords_in') || 'title',
    chat_webhook_url: textField(form, 'chat_webhook_url'),
    chat_webhook_remove: flagField(form, 'chat_webhook_remove'),
  };
}

/** Form values safe to send back with a rejected form: never the typed chat webhook (a secret). */
export function echoableValues(values: ProfileFormValues): ProfileFormValues {
  return { ...values, chat_webhook_url: '' };
}

/** What is stored of a profile: the webhook is a column, not a "new value / remove" pair. */
export type StoredProfile = Omit<ProfileInput, 'chat_webhook_url' | 'chat_webhook_remove'>;

/** The stored profile as form values, for the edit page (the chat webhook is never echoed). */
export function profileToFormValues(profile: StoredProfile): ProfileFormValues {
  return {
    profile_name: profile.profile_name,
    is_active: profile.is_active,
    query: profile.query,
    location: profile.location ?? '',
    country: profile.country,
    language: profile.language ?? '',
    date_window: profile.date_window,
    employment_types: [...profile.employment_types],
    remote_preference: profile.remote_preference,
    min_salary: profile.min_salary === null ? '' : String(profile.min_salary),
    max_salary: profile.max_salary === null ? '' : String(profile.max_salary),
    salary_currency: profile.salary_currency ?? '',
    min_mail_score: String(profile.min_mail_score),
    email: profile.email,
    preferred_skills: [...profile.preferred_skills],
    preferred_seniority: [...profile.preferred_seniority],
    notify_when_empty: profile.notify_when_empty,
    excluded_employers: [...profile.excluded_employers],
    excluded_keywords: [...profile.excluded_keywords],
    block_keywords_in: profile.block_keywords_in,
    chat_webhook_url: '',
    chat_webhook_remove: false,
  };
}
