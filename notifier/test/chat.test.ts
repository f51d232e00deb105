// Pure parts of chat alerts: which webhooks are accepted and how the message reads.
import { describe, expect, it } from 'vitest';
import { ChatError, chatLogJobId, chatMessage, chatTarget } from '../src/chat.ts';
import type { CandidateJob } from '../src/choose.ts';
import { alsoOnLinks, buildDigestView } from '../src/present.ts';

const job = (overrides: Partial<CandidateJob> = {}): CandidateJob => ({
  jobId: 'j1',
  jobPostingKey: 'k1',
  rankScore: 87.4,
  reasons: [],
  jobTitle: 'Data Engineer',
  employerName: 'Acme',
  companyName: null,
  companyRating: null,
  jobCity: 'Toronto',
  jobState: 'ON',
  jobCountry: 'CA',
  isRemote: false,
  salaryMinAnnual: null,
  salaryMaxAnnual: null,
  salaryCurrency: null,
  jobAgeDays: 1,
  applyLink: 'https://jobs.example.com/j1',
  ...overrides,
});
const profile = { profileId: 3, profileName: 'Data', email: 'ada@example.com', notifyWhenEmpty: true };
const view = (jobs: CandidateJob[]) =>
  buildDigestView(profile, jobs, { digestDate: '2026-12-03', uiPublicUrl: 'https://jobs.example.org' });

describe('chatTarget', () => {
  it.each([
    ['https://hooks.slack.com/services/T/B/x', 'slack'],
    ['https://chat.example.com/hooks/abc', 'slack'],
    ['https://ntfy.sh/my-jobs', 'ntfy'],
    ['https://ntfy.example.org/jobs', 'ntfy'],
    ['http://127.0.0.1:8080/ntfy/jobs', 'ntfy'],
    ['http://localhost:9/hook', 'slack'],
  ])('%s is %s', (url, kind) => {
    expect(chatTarget(url).kind).toBe(kind);
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['http://hooks.example.com/x', 'must be an https URL'],
    ['ftp://127.0.0.1/x', 'must be an https URL'],
    ['https://user:secret@hooks.example.com/x', 'must not carry credentials'],
  ])('refuses %s without repeating it', (url, message) => {
    expect(() => chatTarget(url)).toThrow(ChatError);
    expect(() => chatTarget(url)).toThrow(message);
    try {
      chatTarget(url);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});

describe('chatMessage', () => {
  it('links each job for Slack, with its other boards, and escapes the text', () => {
    const message = chatMessage(
      'slack',
      view([
        job({
          jobTitle: 'A <b>&</b> | B',
          alsoOn: [
            { publisher: 'Indeed', applyLink: 'https://indeed.example.com/1' },
            { publisher: 'Evil', applyLink: 'javascript:alert(1)' },
          ],
        }),
        job({ jobId: 'j2', applyLink: null }),
      ]),
    );
    const { text } = JSON.parse(message.body) as { text: string };
    expect(text.split('\n')).toEqual([
      '*2 new jobs for “Data” · 3 Dec 2026*',
      '1. <https://jobs.example.com/j1|A &lt;b&gt;&amp;&lt;/b&gt; ¦ B> · Acme · Toronto, ON, CA · 87/100 · also on <https://indeed.example.com/1|Indeed>',
      '2. *Data Engineer* · Acme · Toronto, ON, CA · 87/100',
      '<https://jobs.example.org/profiles/3/edit|Edit or pause this profile>',
    ]);
  });

  it('sends ntfy plain text, its title RFC 2047-encoded', () => {
    const message = chatMessage('ntfy', view([job({ applyLink: null }), job({ jobId: 'j2' })]));
    const encoded = String(message.headers.title);
    expect(Buffer.from(encoded.slice('=?UTF-8?B?'.length, -2), 'base64').toString('utf8')).toBe(
      '2 new jobs for “Data” · 3 Dec 2026',
    );
    expect(message.body).toBe(
      '1. Data Engineer · Acme · 87/100\n2. Data Engineer · Acme · 87/100\n   https://jobs.example.com/j1',
    );
    expect(message.headers.click).toBe('https://jobs.example.org/profiles/3/edit');
  });

  it('names its log row after the digest', () => {
    expect(chatLogJobId('2026-12-03/p3/run')).toBe('chat-alert:2026-12-03/p3/run');
  });
});

describe('alsoOnLinks', () => {
  it('keeps safe links only and separates them', () => {
    expect(
      alsoOnLinks(
        job({
          alsoOn: [
            { publisher: null, applyLink: 'https://a.example.com/' },
            { publisher: 'X', applyLink: 'data:text/html,x' },
            { publisher: ' LinkedIn ', applyLink: 'https://b.example.com/' },
          ],
        }),
      ),
    ).toEqual([
      { publisher: 'another board', url: 'https://a.example.com/', sep: '' },
      { publisher: 'LinkedIn', url: 'https://b.example.com/', sep: ' · ' },
    ]);
    expect(alsoOnLinks(job())).toEqual([]);
  });
});
