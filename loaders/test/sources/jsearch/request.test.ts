import { describe, expect, it } from 'vitest';
import {
  buildSearchPlan,
  ProfileError,
  type SearchProfile,
  searchQuery,
} from '../../../src/sources/jsearch/request.ts';

const base: SearchProfile = { profile_id: 1, query: 'data engineer' };
const pages = { numPages: 1, pagesPerRequest: 10 };
const only = (profile: Partial<SearchProfile>) => {
  const plan = buildSearchPlan({ ...base, ...profile }, pages);
  return Object.fromEntries(plan.requests[0] as URLSearchParams);
};

describe('every profile filter is sent', () => {
  it.each<[string, Partial<SearchProfile>, Record<string, string>]>([
    ['query only', {}, { query: 'data engineer', date_posted: 'all', page: '1', num_pages: '1' }],
    ['location goes into the query', { location: 'Toronto, ON' }, { query: 'data engineer in Toronto, ON' }],
    ['country (lower-cased)', { country: 'CA' }, { country: 'ca' }],
    ['language', { language: 'fr' }, { language: 'fr' }],
    ['date window today', { date_window: 'today' }, { date_posted: 'today' }],
    ['date window 3days', { date_window: '3days' }, { date_posted: '3days' }],
    ['date window week', { date_window: 'week' }, { date_posted: 'week' }],
    ['date window month', { date_window: 'month' }, { date_posted: 'month' }],
    ['one employment type', { employment_types: ['FULLTIME'] }, { employment_types: 'FULLTIME' }],
    [
      'several employment types, deduplicated',
      { employment_types: ['FULLTIME', 'CONTRACTOR', 'FULLTIME'] },
      { employment_types: 'FULLTIME,CONTRACTOR' },
    ],
    ['remote', { remote_preference: 'remote' }, { work_from_home: 'true' }],
    ['remote anywhere', { remote_preference: 'remote_anywhere' }, { work_from_home: 'true' }],
    [
      'hybrid goes into the query',
      { remote_preference: 'hybrid', location: 'Berlin' },
      { query: 'data engineer hybrid in Berlin' },
    ],
  ])('%s', (_label, profile, expected) => {
    expect(only(profile)).toMatchObject(expected);
  });

  it('sends nothing it was not given', () => {
    expect(Object.keys(only({})).sort()).toEqual(['date_posted', 'num_pages', 'page', 'query']);
    expect(only({ remote_preference: 'any', employment_types: [] })).not.toHaveProperty('work_from_home');
    expect(only({ remote_preference: 'onsite' })).not.toHaveProperty('work_from_home');
  });

  it('names every filter the API cannot apply instead of dropping it', () => {
    const plan = buildSearchPlan({ ...base, remote_preference: 'onsite', min_salary: 90000, max_salary: null }, pages);
    expect(plan.notes.join('\n')).toMatch(/onsite/);
    expect(plan.notes.join('\n')).toMatch(/min_salary/);
    expect(buildSearchPlan(base, pages).notes).toEqual([]);
  });

  it('normalises whitespace in the query', () => {
    expect(searchQuery({ ...base, query: '  data   engineer ', location: ' Austin ' })).toBe('data engineer in Austin');
  });
});

describe('pages', () => {
  it.each([
    [1, 10, [['1', '1']]],
    [5, 10, [['1', '5']]],
    [
      25,
      10,
      [
        ['1', '10'],
        ['11', '10'],
        ['21', '5'],
      ],
    ],
    [
      3,
      1,
      [
        ['1', '1'],
        ['2', '1'],
        ['3', '1'],
      ],
    ],
  ])('num_pages %i in requests of %i', (numPages, pagesPerRequest, expected) => {
    const plan = buildSearchPlan(base, { numPages, pagesPerRequest });
    expect(plan.requests.map((params) => [params.get('page'), params.get('num_pages')])).toEqual(expected);
  });
});

// Enumerated fields are typed by the profile vocabulary (test/vocabulary.test.ts); the profile
// form validates them (ui/test/lib/profile-schema.test.ts) and the warehouse's checks keep others out.
describe('bad profiles are refused with a reason', () => {
  it.each<[string, Partial<SearchProfile>, RegExp]>([
    ['empty query', { query: '  ' }, /empty query/],
    ['bad country', { country: 'canada' }, /ISO-3166/],
  ])('%s', (_label, profile, reason) => {
    expect(() => buildSearchPlan({ ...base, ...profile }, pages)).toThrow(ProfileError);
    expect(() => buildSearchPlan({ ...base, ...profile }, pages)).toThrow(reason);
  });
});
