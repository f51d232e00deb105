#!/usr/bin/env node
// Open HTML files from the file system in headless Chromium (/usr/bin/chromium, `make chromium`)
// and print [{file, title, text}] as JSON: proof that the docs site and report render offline.
// Run with `node --import tsx` (it shares the tests' Chromium launcher).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../tests/support/chromium.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: open-in-chromium.mjs FILE.html…');
  process.exit(2);
}
const browser = await launchChromium();
try {
  const pages = [];
  for (const file of files) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
    // The dbt docs page is an Angular app: wait until it has rendered text. innerText (not
    // textContent) on purpose: rendered text is what proves the page displays.
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point
    await page.waitForFunction(() => document.body && document.body.innerText.trim().length > 0);
    pages.push({
      file,
      title: await page.title(),
      // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point
      text: (await page.evaluate(() => document.body.innerText)).slice(0, 200_000),
      errors,
    });
    await page.close();
  }
  console.log(JSON.stringify(pages));
} finally {
  await browser.close();
}
