import { beforeAll, describe, expect, it } from 'vitest';
import type { CandidateJob } from '../src/choose.ts';
import { buildDigestView } from '../src/present.ts';
import {
  compileTemplate,
  type DigestTemplate,
  escapeHtml,
  parseTemplate,
  parseTextTemplate,
  renderDigest,
  renderHtml,
  renderText,
  TemplateError,
} from '../src/render.ts';
import { loadDigestTemplate } from '../src/templates.ts';
import { isWellFormed, job, profile } from './support/jobs.ts';

const context = { digestDate: '2026-11-28', uiPublicUrl: 'http://127.0.0.1:3000' };
let template: DigestTemplate;

beforeAll(async () => {
  template = await loadDigestTemplate();
});

const render = (jobs = [job()], who = profile) => renderDigest(template, buildDigestView(who, jobs, context));

describe('template mechanics', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('fills values, optional blocks and nested lists', () => {
    const nodes = parseTemplate(
      '<h1>[[title]]</h1><!--nf:each items--><i>[[name]]<!--nf:if flag-->!<!--nf:end--></i><!--nf:end-->',
    );
    const html = renderHtml({ nodes, htmlLength: 0 }, {
      title: 'A&B',
      items: [
        { name: '<x>', flag: true },
        { name: 'y', flag: false },
      ],
    } as never);
    expect(html).toBe('<h1>A&amp;B</h1><i>&lt;x&gt;!</i><i>y</i>');
  });

  it('rejects unbalanced blocks and missing values', () => {
    expect(() => parseTemplate('<!--nf:end-->')).toThrow(TemplateError);
    expect(() => parseTemplate('<!--nf:if x-->')).toThrow(/never closed/);
    expect(() => renderHtml({ nodes: parseTemplate('[[nope]]'), htmlLength: 0 }, {} as never)).toThrow(/missing/);
    expect(() =>
      renderHtml({ nodes: parseTemplate('<!--nf:each a-->x<!--nf:end-->'), htmlLength: 0 }, { a: 1 } as never),
    ).toThrow(/not a list/);
  });

  it('reports invalid MJML', async () => {
    await expect(compileTemplate('<mjml><mj-body><mj-nonsense/></mj-body></mjml>')).rejects.toThrow(TemplateError);
  });

  it('keeps shared attributes in mj-head (body tags stay lean)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { digestTemplatePath, templatesDir } = await import('../src/templates.ts');
    const head = await readFile(`${templatesDir}/partials/head.mjml`, 'utf8');
    expect(head).toMatch(/<mj-attributes>[\s\S]*<mj-text /);
    expect(await readFile(digestTemplatePath, 'utf8')).toContain('partials/head.mjml');
  });
});

describe('digest rendering', () => {
  it('shows every part of a job card and the footer, in HTML and text', () => {
    const { html, text, subject } = render();
    expect(subject).toBe('1 new job for “Data roles” · 28 Nov 2026');
    for (const part of [
      'Data Engineer',
      'Acme Inc.',
      '★ 4.2',
      'Toronto, ON, CA',
      'CA$90,000–CA$120,000 a year',
      '80/100',
      'python and developer in the title',
      'In Toronto, your location',
      'href="https://jobs.example.com/1"',
      'href="http://127.0.0.1:3000/profiles/7/edit"',
      'You receive this email because',
      'ada@example.com',
    ]) {
      expect(html).toContain(part);
    }
    expect(text).toContain('1. Data Engineer');
    expect(text).toContain('Apply: https://jobs.example.com/1');
    expect(text).toContain('Edit this profile: http://127.0.0.1:3000/profiles/7/edit');
    // Without a link secret there are no signed links: the unsubscribe line falls back to the edit page.
    expect(text).toContain('Unsubscribe (pause this digest): http://127.0.0.1:3000/profiles/7/edit');
    expect(text).not.toContain('/t/');
    expect(html).not.toMatch(/\[\[|nf:(each|if|end)/);
  });

  it('escapes markup from postings everywhere (XSS)', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const { html, text } = render(
      [
        job({
          jobTitle: evil,
          companyName: evil,
          jobCity: evil,
          salaryCurrency: '<b>',
          reasons: [evil],
          applyLink: `https://jobs.example.com/?q="><script>alert(3)</script>`,
        }),
      ],
      { ...profile, profileName: evil, email: '"<x>"@example.com' },
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/<img\b/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="https://jobs.example.com/?q=%22%3E%3Cscript%3Ealert(3)%3C/script%3E"');
    // The text part is plain text: markup shows as typed, never interpreted.
    expect(text).toContain('<script>alert(1)</script>');
  });

  it('does not treat placeholder-looking text in a posting as template text', () => {
    const { html } = render([job({ jobTitle: '[[edit_url]] <!--nf:end--> {{x}}' })]);
    expect(html).toContain('[[edit_url]] &lt;!--nf:end--&gt; {{x}}');
  });

  it('links only http(s) apply URLs', () => {
    const { html, text } = render([
      job({ jobId: 'a', applyLink: 'javascript:alert(1)' }),
      job({ jobId: 'b', applyLink: 'data:text/html,hi' }),
      job({ jobId: 'c', applyLink: null }),
    ]);
    expect(html).not.toMatch(/javascript:|data:text/);
    expect(html.match(/No safe apply link/g)).toHaveLength(3);
    expect(text.match(/No safe apply link/g)).toHaveLength(3);
  });

  it('marks posting text dir="auto" so RTL titles render right to left, and keeps emoji intact', () => {
    const { html, text } = render([
      job({ jobTitle: 'מהנדס נתונים בכיר', companyName: 'شركة البيانات 🚀', jobCity: 'תל אביב' }),
    ]);
    expect(html).toContain('<span dir="auto" class="title">מהנדס נתונים בכיר</span>');
    expect(html).toContain('<span dir="auto" class="company">شركة البيانات 🚀</span>');
    expect(text).toContain('شركة البيانات 🚀');
  });

  it('cuts very long titles on a character boundary', () => {
    const { html } = render([job({ jobTitle: `${'🚀'.repeat(200)}` })]);
    const title = /class="title">([^<]*)</.exec(html)?.[1] ?? '';
    expect(isWellFormed(title)).toBe(true);
    expect([...new Intl.Segmenter().segment(title)]).toHaveLength(120);
    expect(title.endsWith('…')).toBe(true);
  });

  it('handles missing salary, company, rating, location and age', () => {
    const { html, text } = render([
      job({
        salaryMinAnnual: null,
        salaryMaxAnnual: null,
        companyName: null,
        employerName: null,
        companyRating: null,
        jobCity: null,
        jobState: null,
        jobCountry: null,
        jobAgeDays: null,
        reasons: [],
      }),
    ]);
    for (const part of ['Salary not listed', 'Company not listed', 'Location not listed', 'posting date unknown']) {
      expect(html).toContain(part);
      expect(text).toContain(part);
    }
    expect(html).not.toContain('class="rating"');
  });

  it('shows the remote flag only for remote jobs', () => {
    expect(render([job({ isRemote: true })]).html).toContain('class="remote"');
    expect(render([job({ isRemote: false })]).html).not.toContain('class="remote"');
  });

  it('renders the plain-text part from digest.txt without blank lines left by its markers', () => {
    const { text } = render([job({ isRemote: true })]);
    expect(text).toContain(
      [
        '1. Data Engineer',
        '   Acme Inc. · ★ 4.2',
        '   Toronto, ON, CA · Remote · posted 2 days ago',
        '   CA$90,000–CA$120,000 a year',
        '   80/100 · python and developer in the title · In Toronto, your location',
        '   Apply: https://jobs.example.com/1',
        '',
        '--',
      ].join('\n'),
    );
    expect(text).not.toMatch(/\[\[|nf:(each|if|end)|\n\n\n/);
  });

  it('renders a short "nothing new" note for zero new jobs', () => {
    const { html, text, subject } = render([]);
    expect(subject).toMatch(/^No new jobs today/);
    expect(html).toContain('empty-note');
    expect(html).not.toContain('job-card');
    expect(text).toContain('Nothing new today');
  });
});

// The words a reader sees, in order; URLs, numbers and punctuation aside (the text part spells
// links out, the HTML part hides them in href attributes).
const wordsOf = (text: string) => text.replace(/https?:\/\/\S+/g, ' ').match(/\p{L}+/gu) ?? [];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** What an HTML mail client shows in the body: no head, comments, hidden preheader or markup. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<div style="display:none[^"]*">[\s\S]*?<\/div>/, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] as string);
}

describe('one wording in both parts', () => {
  const signing = { secret: 'render-test-secret-of-thirty-two-characters', nowMs: Date.UTC(2026, 10, 28) };
  const cases: [string, CandidateJob[], boolean][] = [
    [
      'every part of a card, with signed feedback links',
      [
        job({
          isRemote: true,
          alsoOn: [
            { publisher: 'LinkedIn', applyLink: 'https://linkedin.example.com/1' },
            { publisher: 'Indeed', applyLink: 'https://indeed.example.com/1' },
          ],
        }),
        job({ jobId: 'job-2', applyLink: null, companyRating: null, reasons: [], jobAgeDays: null }),
      ],
      true,
    ],
    ['no link secret', [job()], false],
    ['nothing new', [], true],
  ];

  it.each(cases)('the text part reads like the HTML part: %s', (_, jobs, signed) => {
    const view = buildDigestView(profile, jobs, signed ? { ...context, linkSigning: signing } : context);
    const { html, text } = renderDigest(template, view);
    expect(wordsOf(text)).toEqual(wordsOf(visibleText(html)));
  });

  it('notices a wording change made in one template only', async () => {
    const { readFile } = await import('node:fs/promises');
    const { digestTextTemplatePath } = await import('../src/templates.ts');
    const source = await readFile(digestTextTemplatePath, 'utf8');
    const drifted = parseTextTemplate(source.replace('Edit this profile', 'Change this profile'));
    const view = buildDigestView(profile, [job()], context);
    expect(wordsOf(renderText(drifted, view))).not.toEqual(wordsOf(visibleText(renderHtml(template.html, view))));
  });
});
