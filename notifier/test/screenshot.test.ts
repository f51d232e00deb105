// The rendered digest in real headless Chromium: key elements present, posting values inert,
// RTL text laid out right to left, no horizontal scrolling on a phone. Screenshots go to
// out/test/notifier/ (gitignored) for a human to look at.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../tests/support/chromium.ts';
import { repoRoot } from '../../tests/support/pg.ts';
import { buildDigestView } from '../src/present.ts';
import { renderDigest } from '../src/render.ts';
import { loadDigestTemplate } from '../src/templates.ts';
import { job, profile } from './support/jobs.ts';

const screenshotDir = join(repoRoot, 'out', 'test', 'notifier');

let browser: Browser;
let html: string;
const externalRequests: string[] = [];

async function open(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  // The message must render from itself alone: record and block anything it tries to load.
  await page.route('**/*', (route) => {
    externalRequests.push(route.request().url());
    return route.abort();
  });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

beforeAll(async () => {
  const template = await loadDigestTemplate();
  const jobs = [
    job({
      jobId: 'a',
      jobTitle: 'Senior Data Engineer <img src=x onerror="window.__xss = 1">',
      companyName: 'Acme & Sons',
      isRemote: true,
      // Posted on other boards too: the "Also on" line must fit a phone as well.
      alsoOn: [
        { publisher: 'LinkedIn', applyLink: 'https://www.linkedin.com/jobs/view/1234567890123' },
        { publisher: 'Indeed <b>x</b>', applyLink: 'https://ca.indeed.com/viewjob?jk=abcdef0123456789abcdef' },
        { publisher: 'A very long job board name that goes on', applyLink: 'https://boards.example.com/a' },
      ],
    }),
    job({
      jobId: 'b',
      jobTitle: 'מהנדס נתונים בכיר',
      companyName: 'شركة البيانات 🚀',
      salaryMinAnnual: null,
      salaryMaxAnnual: null,
    }),
    job({ jobId: 'c', jobTitle: `Analytics engineer ${'📊'.repeat(150)}`, applyLink: 'javascript:window.__xss=2' }),
  ];
  html = renderDigest(
    template,
    buildDigestView(profile, jobs, {
      digestDate: '2026-11-28',
      uiPublicUrl: 'http://127.0.0.1:3000',
      linkSigning: { secret: 'screenshot-test-secret-of-32-characters', nowMs: Date.now() },
    }),
  ).html;
  browser = await launchChromium();
  await mkdir(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('digest in Chromium', () => {
  it('shows header, one card per job, apply buttons, footer and edit link', async () => {
    const page = await open(800);
    expect(await page.locator('.profile-name').textContent()).toBe('Data roles');
    expect(await page.locator('.job-card').count()).toBe(3);
    expect(await page.locator('.title').allTextContents()).toEqual([
      'Senior Data Engineer <img src=x onerror="window.__xss = 1">',
      'מהנדס נתונים בכיר',
      expect.stringMatching(/^Analytics engineer (📊)+…$/),
    ]);
    expect(await page.locator('.company').first().textContent()).toBe('Acme & Sons');
    expect(await page.locator('.rating').first().textContent()).toBe('★ 4.2');
    expect(await page.locator('.remote').count()).toBe(1);
    expect(await page.locator('.salary').allTextContents()).toEqual([
      'CA$90,000–CA$120,000 a year',
      'Salary not listed',
      'CA$90,000–CA$120,000 a year',
    ]);
    expect(await page.locator('.reason').first().textContent()).toBe('python and developer in the title');
    const applyLinks = await page
      .getByRole('link', { name: 'Apply' })
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(applyLinks).toEqual(['https://jobs.example.com/1', 'https://jobs.example.com/1']);
    expect(await page.locator('.no-apply').count()).toBe(1);
    // Titles link to the posting too, except where no safe link exists.
    const titleLinks = await page
      .locator('.job-title a.title-link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(titleLinks).toEqual(['https://jobs.example.com/1', 'https://jobs.example.com/1']);
    expect(await page.locator('.job-title:not(:has(a)) .title').count()).toBe(1);
    // One card per job posted on several boards, the others as "Also on" links.
    expect(await page.locator('.also-on').allTextContents()).toEqual([
      'Also on: LinkedIn · Indeed <b>x</b> · A very long job board name that goes on',
    ]);
    expect(
      await page.locator('a.also-on-link').evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).toEqual([
      'https://www.linkedin.com/jobs/view/1234567890123',
      'https://ca.indeed.com/viewjob?jk=abcdef0123456789abcdef',
      'https://boards.example.com/a',
    ]);
    expect(await page.locator('a.edit-link').getAttribute('href')).toBe('http://127.0.0.1:3000/profiles/7/edit');
    // The footer link is styled inline (clients drop <style>), not the client's default blue.
    expect(await page.locator('a.edit-link').getAttribute('style')).toMatch(/color:\s*#1d4ed8/);
    expect(await page.evaluate("getComputedStyle(document.querySelector('.why div')).color")).toBe('rgb(75, 85, 99)');
    expect(await page.locator('.why').textContent()).toContain('You receive this email because');
    // The footer's unsubscribe link and each card's feedback links are signed links to the app.
    expect(await page.locator('a.unsubscribe-link').getAttribute('href')).toMatch(
      /^http:\/\/127\.0\.0\.1:3000\/t\/unsubscribe\/v1\./,
    );
    expect(await page.locator('a.unsubscribe-link').getAttribute('style')).toMatch(/color:\s*#1d4ed8/);
    expect(await page.locator('.job-card a.feedback-link.not-interested').count()).toBe(
      await page.locator('.job-card').count(),
    );
    expect(await page.locator('.job-card a.feedback-link.applied').first().getAttribute('href')).toMatch(
      /\/t\/feedback\/v1\./,
    );
    await page.screenshot({ path: join(screenshotDir, 'digest-desktop.png'), fullPage: true });
    await page.close();
  });

  it('keeps posting values inert: no injected elements, no script ran, nothing loaded from outside', async () => {
    const page = await open(800);
    // Browser-side code as strings: this package compiles without the DOM library.
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('img, script, iframe').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(externalRequests).toEqual([]);
    await page.close();
  });

  it('lays RTL text out right to left and fits a phone screen without sideways scrolling', async () => {
    const page = await open(375);
    const direction = await page.evaluate("getComputedStyle(document.querySelectorAll('.title')[1]).direction");
    expect(direction).toBe('rtl');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshotDir, 'digest-phone.png'), fullPage: true });
    await page.close();
  });
});
