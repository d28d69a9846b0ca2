// Takes the README's screenshots from a running demo server:
//   JOBSPOR_E2E_URL=http://127.0.0.1:8080 node screenshots.js ../docs/img
// Not a test: run it by hand when the pages it shows change.
import { launch, login, newPage, BASE } from './tests/helpers.js';
import { mkdirSync } from 'node:fs';

const out = process.argv[2] || '../docs/img';
mkdirSync(out, { recursive: true });
const browser = await launch();
try {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, 'sagsbehandler');
  await page.goto(`${BASE}/forloeb`);
  await page.screenshot({ path: `${out}/courses.png` });
  // The first course on the list, at its intervention plan.
  await page.locator('table a[href^="/forloeb/"]').first().click();
  const course = page.url().replace(/\/historik$/, '');
  await page.goto(`${course}/indsatsplan`);
  await page.screenshot({ path: `${out}/plan.png` });
} finally {
  await browser.close();
}
