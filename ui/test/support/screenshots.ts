// Before/after screenshots for the docs (not a test): the list on a phone, a profile page, a digest
// and the data-quality report, in the system Chromium.
//   npx tsx ui/test/support/screenshots.ts --origin http://127.0.0.1:3000 --profile 1 \
//     --digest out/…/digest.html --report out/…/dq-report/index.html --out "Project Documentation/screenshots" --tag after
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../../tests/support/chromium.ts';

const { values } = parseArgs({
  options: {
    origin: { type: 'string', default: 'http://127.0.0.1:3000' },
    profile: { type: 'string', default: '1' },
    digest: { type: 'string' },
    report: { type: 'string' },
    out: { type: 'string', default: 'Project Documentation/screenshots' },
    tag: { type: 'string', default: 'after' },
    token: { type: 'string' },
  },
});

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };
const shots: { name: string; url: string; viewport: typeof phone; fullPage: boolean; submit?: boolean }[] = [
  { name: 'profiles-phone', url: `${values.origin}/profiles`, viewport: phone, fullPage: true },
  {
    name: 'form-errors-desktop',
    url: `${values.origin}/profiles/new`,
    viewport: desktop,
    fullPage: false,
    submit: true,
  },
  { name: 'profile-desktop', url: `${values.origin}/profiles/${values.profile}`, viewport: desktop, fullPage: true },
  { name: 'profile-phone', url: `${values.origin}/profiles/${values.profile}`, viewport: phone, fullPage: false },
];
if (values.digest) {
  const url = pathToFileURL(resolve(values.digest)).href;
  shots.push({ name: 'digest-desktop', url, viewport: desktop, fullPage: true });
  shots.push({ name: 'digest-phone', url, viewport: phone, fullPage: false });
}
if (values.report) {
  const url = pathToFileURL(resolve(values.report)).href;
  shots.push({ name: 'dq-report-desktop', url, viewport: desktop, fullPage: false });
  shots.push({ name: 'dq-report-phone', url, viewport: phone, fullPage: false });
}

const browser = await launchChromium();
try {
  for (const shot of shots) {
    const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: 1 });
    if (values.token) {
      await context.setExtraHTTPHeaders({ authorization: `Bearer ${values.token}` });
    }
    const page = await context.newPage();
    await page.goto(shot.url);
    if (shot.submit) {
      await page.click('[data-testid=save-profile]');
      await page.locator('[data-testid=form-errors]').waitFor();
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const path = resolve(values.out, `${shot.name}-${values.tag}.png`);
    await page.screenshot({ path, fullPage: shot.fullPage });
    console.log(`${path} (document ${width} px wide at ${shot.viewport.width})`);
    await context.close();
  }
} finally {
  await browser.close();
}
