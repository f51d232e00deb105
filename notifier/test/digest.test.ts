import { describe, expect, it } from 'vitest';
import { decideDigest, digestIdFor } from '../src/choose.ts';
import {
  buildDigestView,
  editProfileUrl,
  formatLocation,
  formatPosted,
  formatSalary,
  safeHttpUrl,
  truncate,
} from '../src/present.ts';
import { isWellFormed, job, profile } from './support/jobs.ts';

const context = { digestDate: '2026-11-28', uiPublicUrl: 'http://127.0.0.1:3000/' };

describe('decideDigest', () => {
  it.each([
    { chosen: [job()], notifyWhenEmpty: true, mailedToday: true, kind: 'jobs' },
    { chosen: [], notifyWhenEmpty: true, mailedToday: false, kind: 'empty' },
    { chosen: [], notifyWhenEmpty: false, mailedToday: false, kind: 'skip' },
    { chosen: [], notifyWhenEmpty: true, mailedToday: true, kind: 'skip' },
  ])('$kind when chosen=$chosen.length notifyWhenEmpty=$notifyWhenEmpty mailedToday=$mailedToday', (row) => {
    expect(decideDigest({ ...profile, notifyWhenEmpty: row.notifyWhenEmpty }, row.chosen, row.mailedToday).kind).toBe(
      row.kind,
    );
  });
});

describe('truncate', () => {
  it('keeps short text, collapses whitespace', () => {
    expect(truncate('  a \n b  ', 10)).toBe('a b');
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = `ab${family}${family}${family}😀😀`;
    expect(truncate(text, 4)).toBe('ab…'); // the family's first code point is where the cut falls
    expect(truncate(text, 10)).toBe(`ab${family}…`);
    expect(truncate(`ab${family}`, 9)).toBe(`ab${family}`);
    for (let max = 1; max < 8; max++) expect(isWellFormed(truncate('😀'.repeat(10), max))).toBe(true);
    expect([...new Intl.Segmenter().segment(truncate('😀'.repeat(10), 5))]).toHaveLength(5);
  });

  it('cuts RTL text on character boundaries', () => {
    const hebrew = 'מהנדס נתונים בכיר בצוות הפלטפורמה';
    const cut = truncate(hebrew, 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(hebrew.startsWith(cut.slice(0, -1))).toBe(true);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://jobs.example.com/a?b=1&c=2', 'https://jobs.example.com/a?b=1&c=2'],
    ['http://example.com', 'http://example.com/'],
    ['  https://example.com/x  ', 'https://example.com/x'],
    ['javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['mailto:a@b.c', null],
    ['//evil.example.com', null],
    ['not a url', null],
    ['', null],
    [null, null],
  ])('%s → %s', (raw, expected) => {
    expect(safeHttpUrl(raw)).toBe(expected);
  });
});

describe('formatting', () => {
  it('formats annual salary ranges with their currency', () => {
    expect(formatSalary(90000, 120000, 'USD')).toBe('$90,000–$120,000 a year');
    expect(formatSalary(90000, 120000, 'eur')).toBe('€90,000–€120,000 a year');
    expect(formatSalary(120000, 90000, 'USD')).toBe('$90,000–$120,000 a year');
    expect(formatSalary(100000, 100000, 'USD')).toBe('$100,000 a year');
    expect(formatSalary(80000, null, 'GBP')).toBe('From £80,000 a year');
    expect(formatSalary(null, 80000, null)).toBe('Up to 80,000 a year');
    expect(formatSalary(50000, null, 'XYZW')).toBe('From 50,000 XYZW a year');
    expect(formatSalary(null, null, 'USD')).toBe('Salary not listed');
    expect(formatSalary(0, 0, 'USD')).toBe('Salary not listed');
  });

  it('formats location and age', () => {
    expect(formatLocation('Toronto', 'ON', 'CA')).toBe('Toronto, ON, CA');
    expect(formatLocation(null, ' ', 'CA')).toBe('CA');
    expect(formatLocation(null, null, null)).toBe('Location not listed');
    expect(formatPosted(0)).toBe('posted today');
    expect(formatPosted(1)).toBe('posted yesterday');
    expect(formatPosted(12.7)).toBe('posted 12 days ago');
    expect(formatPosted(null)).toBe('posting date unknown');
  });

  it('builds the edit link and digest ids', () => {
    expect(editProfileUrl('http://127.0.0.1:3000/', 7)).toBe('http://127.0.0.1:3000/profiles/7/edit');
    expect(digestIdFor('2026-11-28', 7, 'run-1')).toBe('2026-11-28/p7/run-1');
  });
});

describe('buildDigestView', () => {
  it('fills a card per job with score, reasons and safe apply link', () => {
    const view = buildDigestView(profile, [job(), job({ jobId: 'x', applyLink: 'javascript:alert(1)' })], context);
    expect(view.subject).toBe('2 new jobs for “Data roles” · 28 Nov 2026');
    expect(view.edit_url).toBe('http://127.0.0.1:3000/profiles/7/edit');
    expect(view.jobs[0]).toMatchObject({
      rank: '1',
      company: 'Acme Inc.',
      has_rating: true,
      rating: '4.2',
      salary: 'CA$90,000–CA$120,000 a year',
      score: '80',
      reasons: [{ text: 'python and developer in the title' }, { text: 'In Toronto, your location' }],
      has_apply: true,
    });
    expect(view.jobs[1]).toMatchObject({ has_apply: false, no_apply: true, apply_url: '' });
  });

  it('falls back to the employer name, then to "Company not listed"', () => {
    const [employer, none] = buildDigestView(
      profile,
      [
        job({ companyName: null, companyRating: null }),
        job({ jobId: 'n', companyName: null, employerName: '  ', companyRating: null }),
      ],
      context,
    ).jobs;
    expect(employer).toMatchObject({ company: 'Acme', has_rating: false });
    expect(none).toMatchObject({ company: 'Company not listed', has_rating: false });
  });

  it('says "nothing new" when there are no jobs, and keeps line breaks out of the subject', () => {
    const view = buildDigestView({ ...profile, profileName: 'Evil\r\nBcc: x@y.z' }, [], context);
    expect(view.no_jobs).toBe(true);
    expect(view.jobs).toEqual([]);
    expect(view.subject).toBe('No new jobs today for “Evil Bcc: x@y.z” · 28 Nov 2026');
    expect(view.subject).not.toMatch(/[\r\n]/);
  });
});

describe('truncate on scripts with combining characters', () => {
  it.each([
    ['Hebrew with niqqud', 'שָׁלוֹם עוֹלָם גָּדוֹל מְאֹד'],
    ['Devanagari', 'वरिष्ठ डेटा इंजीनियर'],
    ['Hangul jamo', '\u1100\u1161\u11a8\u1100\u1161\u11a8\u1100\u1161\u11a8\u1100\u1161\u11a8'],
    ['flags and skin tones', '🇨🇦🇫🇷👍🏽👍🏿🇨🇦🇫🇷'],
    ['e + combining acute', 'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301'],
  ])('%s: cuts between graphemes, never inside one', (_name, text) => {
    const all = [...new Intl.Segmenter().segment(text)].map((part) => part.segment);
    const prefixes = new Set(all.map((_, k) => all.slice(0, k).join('').trimEnd()));
    for (let max = 2; max < text.length; max++) {
      const cut = truncate(text, max);
      if (!cut.endsWith('…')) {
        expect(cut).toBe(text);
        continue;
      }
      expect(prefixes.has(cut.slice(0, -1))).toBe(true);
      expect([...new Intl.Segmenter().segment(cut)].length).toBeLessThanOrEqual(max);
    }
  });
});
