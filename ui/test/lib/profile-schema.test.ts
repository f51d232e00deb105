import { describe, expect, it } from 'vitest';
import {
  EMPTY_PROFILE_FORM,
  LIMITS,
  normaliseAmount,
  type ProfileFormValues,
  profileToFormValues,
  readProfileForm,
  validateProfile,
} from '../../src/lib/profile-schema.ts';

const valid: ProfileFormValues = {
  ...EMPTY_PROFILE_FORM,
  profile_name: '  Data engineer, Toronto  ',
  query: 'data engineer',
  location: 'Toronto',
  country: 'CA',
  language: 'en',
  date_window: 'week',
  employment_types: ['FULLTIME', 'CONTRACTOR', 'FULLTIME'],
  remote_preference: 'hybrid',
  min_salary: '90,000',
  max_salary: '130k',
  email: ' me@example.com ',
  preferred_skills: ['SQL', ' python ', 'sql', 'machine   learning'],
  preferred_seniority: ['senior', 'lead'],
};

function errorsOf(values: ProfileFormValues) {
  const result = validateProfile(values);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

describe('validateProfile', () => {
  it('accepts a complete profile, trimming, normalising and de-duplicating', () => {
    const result = validateProfile(valid);
    expect(result).toEqual({
      ok: true,
      profile: {
        profile_name: 'Data engineer, Toronto',
        is_active: true,
        query: 'data engineer',
        location: 'Toronto',
        country: 'ca',
        language: 'en',
        date_window: 'week',
        employment_types: ['FULLTIME', 'CONTRACTOR'],
        remote_preference: 'hybrid',
        min_salary: 90000,
        max_salary: 130000,
        salary_currency: null,
        min_mail_score: 40,
        email: 'me@example.com',
        preferred_skills: ['SQL', 'python', 'machine learning'],
        preferred_seniority: ['senior', 'lead'],
        notify_when_empty: true,
        excluded_employers: [],
        excluded_keywords: [],
        block_keywords_in: 'title',
        chat_webhook_url: null,
        chat_webhook_remove: false,
      },
    });
  });

  it.each([
    ['90.000', 90000],
    ['90,000', 90000],
    ['1.250.000', 1250000],
    ['90000,50', 90000.5],
    ['90000.50', 90000.5],
    ['90 000', 90000],
    ['90k', 90000],
  ])('reads the salary %s as %d in any common locale', (typed, amount) => {
    const result = validateProfile({ ...valid, min_salary: typed, max_salary: '' });
    expect(result.ok && result.profile.min_salary).toBe(amount);
  });

  it('takes a currency code and a mailing threshold, and says what is wrong with bad ones', () => {
    const result = validateProfile({
      ...valid,
      salary_currency: ' eur ',
      min_mail_score: '55',
      remote_preference: 'remote_anywhere',
    });
    expect(
      result.ok && [result.profile.salary_currency, result.profile.min_mail_score, result.profile.remote_preference],
    ).toEqual(['EUR', 55, 'remote_anywhere']);
    expect(errorsOf({ ...valid, salary_currency: 'euro', min_mail_score: '120' })).toMatchObject({
      salary_currency: 'Currency must be a three-letter code, e.g. USD',
      min_mail_score: 'Minimum score must be a number from 0 to 100',
    });
    expect(normaliseAmount('9.0.0')).toBeNull();
  });

  it('turns empty optional fields into nulls and empty lists', () => {
    const result = validateProfile({ ...EMPTY_PROFILE_FORM, profile_name: 'x', query: 'y', email: 'a@b.co' });
    expect(result.ok && result.profile).toMatchObject({
      location: null,
      language: null,
      min_salary: null,
      max_salary: null,
      employment_types: [],
      preferred_skills: [],
    });
  });

  it('requires name, query, country, date window and email', () => {
    const errors = errorsOf({ ...EMPTY_PROFILE_FORM, country: '', date_window: '', profile_name: '   ' });
    expect(Object.keys(errors).sort()).toEqual(['country', 'date_window', 'email', 'profile_name', 'query']);
    expect(errors.profile_name).toBe('Name is required');
    expect(errors.email).toBe('Email is required');
  });

  it.each([['not-an-email'], ['a@'], ['@example.com'], ['a b@example.com']])('rejects the email %s', (email) => {
    expect(errorsOf({ ...valid, email }).email).toMatch(/valid email/);
  });

  it('rejects a minimum above the maximum, on the maximum field', () => {
    const errors = errorsOf({ ...valid, min_salary: '150000', max_salary: '100000' });
    expect(errors).toEqual({ max_salary: 'Maximum salary must be at least the minimum salary' });
  });

  it.each([
    ['-5', /yearly amount/],
    ['abc', /yearly amount/],
    ['1e6', /yearly amount/],
    ['20000000', /at most/],
  ])('rejects the salary %s', (salary, message) => {
    expect(errorsOf({ ...valid, min_salary: salary }).min_salary).toMatch(message);
  });

  it('accepts equal salaries and a single bound', () => {
    expect(validateProfile({ ...valid, min_salary: '100000', max_salary: '100 000' }).ok).toBe(true);
    expect(validateProfile({ ...valid, min_salary: '', max_salary: '100000.50' }).ok).toBe(true);
  });

  it('rejects values outside the enums', () => {
    const errors = errorsOf({
      ...valid,
      date_window: 'year',
      remote_preference: 'moon',
      employment_types: ['FULLTIME', 'VOLUNTEER'],
      preferred_seniority: ['wizard'],
    });
    expect(errors.date_window).toMatch(/Date window must be one of: all, today, 3days, week, month/);
    expect(errors.remote_preference).toMatch(/Remote preference must be one of/);
    expect(errors.employment_types).toMatch(/Employment type must be one of/);
    expect(errors.preferred_seniority).toMatch(/Seniority must be one of/);
  });

  it('rejects unknown countries and malformed languages', () => {
    expect(errorsOf({ ...valid, country: 'xx' }).country).toMatch(/ISO-3166/);
    expect(errorsOf({ ...valid, country: 'usa' }).country).toMatch(/ISO-3166/);
    expect(errorsOf({ ...valid, language: 'english' }).language).toMatch(/ISO-639/);
  });

  it('enforces lengths', () => {
    const errors = errorsOf({
      ...valid,
      profile_name: 'n'.repeat(LIMITS.nameLength + 1),
      query: 'q'.repeat(LIMITS.queryLength + 1),
      location: 'l'.repeat(LIMITS.locationLength + 1),
      preferred_skills: ['s'.repeat(LIMITS.skillLength + 1)],
    });
    expect(errors.profile_name).toBe(`Name must be at most ${LIMITS.nameLength} characters`);
    expect(errors.query).toMatch(/at most 200/);
    expect(errors.location).toMatch(/at most 120/);
    expect(errors.preferred_skills).toMatch(/at most 60/);
    const tooMany = Array.from({ length: LIMITS.skillCount + 1 }, (_, index) => `skill ${index}`);
    expect(errorsOf({ ...valid, preferred_skills: tooMany }).preferred_skills).toBe('At most 50 skills');
  });

  it('keeps markup and SQL fragments as literal text (escaping is the renderer’s job)', () => {
    const hostile = `<script>alert('x')</script>'; drop table marts.profile_preferences; --`;
    const result = validateProfile({ ...valid, profile_name: hostile.slice(0, 120), query: hostile });
    expect(result.ok && result.profile.query).toBe(hostile);
  });

  it('rejects control characters PostgreSQL text cannot hold', () => {
    expect(errorsOf({ ...valid, query: 'data\u0000engineer' }).query).toMatch(/control characters/);
  });

  it.each([
    ['a tab', 'data\tengineer'],
    ['a line break', 'data\nengineer'],
    ['a carriage return', 'data\rengineer'],
    ['a C1 control (NEL)', 'data\u0085engineer'],
    ['DEL', 'data\u007fengineer'],
    ['a right-to-left override', 'Acme \u202Egnp.exe'],
    ['a left-to-right embedding', '\u202Aengineer'],
    ['a first-strong isolate', 'engineer\u2068x\u2069'],
    ['a right-to-left isolate', 'engineer\u2067'],
  ])('rejects %s in every single-line field', (_what, hostile) => {
    const errors = errorsOf({
      ...valid,
      profile_name: hostile,
      query: hostile,
      location: hostile,
      preferred_skills: [hostile],
    });
    for (const field of ['profile_name', 'query', 'location', 'preferred_skills'] as const) {
      expect(errors[field]).toMatch(/control characters or text-direction overrides/);
    }
  });

  it('keeps right-to-left text itself (Arabic, Hebrew) and the implicit marks U+200E/U+200F', () => {
    const result = validateProfile({ ...valid, profile_name: 'مهندس بيانات \u200F', query: 'מהנדס נתונים' });
    expect(result.ok).toBe(true);
  });
});

describe('block lists', () => {
  it('keeps employers with commas whole, trims, collapses spaces and drops case-insensitive duplicates', () => {
    const result = validateProfile({
      ...valid,
      excluded_employers: ['ACME, Inc.', ' acme,   inc. ', 'Globex'],
      excluded_keywords: ['Java', 'java', ' senior   manager '],
      block_keywords_in: 'title_and_description',
    });
    expect(result.ok && result.profile).toMatchObject({
      excluded_employers: ['ACME, Inc.', 'Globex'],
      excluded_keywords: ['Java', 'senior manager'],
      block_keywords_in: 'title_and_description',
    });
  });

  it('defaults to matching keywords in the title, and refuses other places', () => {
    const result = validateProfile({ ...valid, block_keywords_in: '' });
    expect(result.ok && result.profile.block_keywords_in).toBe('title');
    expect(errorsOf({ ...valid, block_keywords_in: 'description' }).block_keywords_in).toMatch(
      /Match blocked keywords in must be one of: title, title_and_description/,
    );
  });

  it('refuses control characters, over-long items and too many items', () => {
    expect(errorsOf({ ...valid, excluded_employers: ['Acme\u202Eevil'] }).excluded_employers).toMatch(
      /control characters/,
    );
    expect(
      errorsOf({ ...valid, excluded_keywords: ['x'.repeat(LIMITS.blockItemLength + 1)] }).excluded_keywords,
    ).toMatch(/at most 100 characters/);
    const many = Array.from({ length: LIMITS.blockItemCount + 1 }, (_, index) => `word${index}`);
    expect(errorsOf({ ...valid, excluded_keywords: many }).excluded_keywords).toBe('At most 100 blocked keywords');
  });

  it('reads employers split on semicolons and keywords on commas', () => {
    const form = new FormData();
    form.append('excluded_employers', 'ACME, Inc.');
    form.append('excluded_employers', 'Globex; Initech ;');
    form.append('excluded_keywords', 'java, php');
    form.set('block_keywords_in', 'title_and_description');
    const values = readProfileForm(form);
    expect(values.excluded_employers).toEqual(['ACME, Inc.', 'Globex', 'Initech']);
    expect(values.excluded_keywords).toEqual(['java', 'php']);
    expect(values.block_keywords_in).toBe('title_and_description');
    expect(readProfileForm(new FormData()).block_keywords_in).toBe('title');
  });
});

describe('chat webhook', () => {
  it('takes an http(s) URL as the new webhook; empty keeps the saved one', () => {
    const result = validateProfile({ ...valid, chat_webhook_url: ' https://ntfy.sh/secret-topic ' });
    expect(result.ok && result.profile.chat_webhook_url).toBe('https://ntfy.sh/secret-topic');
    expect(validateProfile(valid)).toMatchObject({
      ok: true,
      profile: { chat_webhook_url: null, chat_webhook_remove: false },
    });
  });

  it('refuses other schemes, non-URLs and control characters', () => {
    for (const bad of ['javascript:alert(1)', 'ftp://example.com/x', 'not a url', 'https://ntfy.sh/a\u202Eb']) {
      expect(errorsOf({ ...valid, chat_webhook_url: bad }).chat_webhook_url, bad).toMatch(/Chat webhook/);
    }
  });

  it('is read from the form with its remove box, and never echoed back into the edit form', () => {
    const form = new FormData();
    form.set('chat_webhook_url', 'https://hooks.example.com/services/T/B/x');
    form.set('chat_webhook_remove', 'true');
    expect(readProfileForm(form)).toMatchObject({
      chat_webhook_url: 'https://hooks.example.com/services/T/B/x',
      chat_webhook_remove: true,
    });
    const result = validateProfile({ ...valid, chat_webhook_url: 'https://ntfy.sh/secret-topic' });
    if (!result.ok) throw new Error('valid profile rejected');
    expect(profileToFormValues(result.profile).chat_webhook_url).toBe('');
  });
});

describe('readProfileForm', () => {
  it('reads repeated and comma-separated arrays, checkboxes and text', () => {
    const form = new FormData();
    form.set('profile_name', 'Name');
    form.set('query', 'q');
    form.set('country', 'us');
    form.set('date_window', 'month');
    form.append('employment_types', 'fulltime');
    form.append('employment_types', 'INTERN, PARTTIME');
    form.append('preferred_skills', 'sql');
    form.append('preferred_skills', 'python, dbt ,');
    form.set('preferred_seniority', 'Senior,LEAD');
    form.set('is_active', 'true');
    form.set('email', 'a@b.co');
    const values = readProfileForm(form);
    expect(values.employment_types).toEqual(['FULLTIME', 'INTERN', 'PARTTIME']);
    expect(values.preferred_skills).toEqual(['sql', 'python', 'dbt']);
    expect(values.preferred_seniority).toEqual(['senior', 'lead']);
    expect(values.is_active).toBe(true);
    expect(values.notify_when_empty).toBe(false);
    expect(values.remote_preference).toBe('any');
    expect(values.location).toBe('');
  });

  it('ignores file parts', () => {
    const form = new FormData();
    form.set('profile_name', new Blob(['x']));
    expect(readProfileForm(form).profile_name).toBe('');
  });
});

describe('profileToFormValues', () => {
  it('round-trips a validated profile', () => {
    const result = validateProfile(valid);
    if (!result.ok) throw new Error('valid profile rejected');
    const values = profileToFormValues(result.profile);
    expect(values.min_salary).toBe('90000');
    expect(values.location).toBe('Toronto');
    expect(validateProfile(values)).toEqual(result);
    const empty = profileToFormValues({
      ...result.profile,
      location: null,
      language: null,
      min_salary: null,
      max_salary: null,
    });
    expect([empty.location, empty.language, empty.min_salary, empty.max_salary]).toEqual(['', '', '', '']);
  });
});
