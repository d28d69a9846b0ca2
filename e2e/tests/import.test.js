// Importing existing cases: the administrator checks a file, sees refused
// lines by number and reason, and imports a good one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MAPPING = 'cpr = CPR\nname = Navn\ntarget_group = Målgruppe\ncategory = Kategori\nstart_date = Start\ncaseworker = Sagsbehandler\nframework = Ramme';
const HEADER = 'CPR;Navn;Målgruppe;Kategori;Start;Sagsbehandler;Ramme';

function file(lines) {
  return { name: 'sager.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...lines].join('\n') + '\n') };
}

test('the administrator checks and imports existing cases', async () => {
  const n = Date.now();
  const cpr = `${String((n % 28) + 1).padStart(2, '0')}0486-${String(Math.floor(n / 1000) % 4000).padStart(4, '0')}`;
  const page = await newPage(browser);
  await login(page, 'admin');
  await page.waitForURL(`${BASE}/admin`);
  await page.getByRole('link', { name: 'Indlæsning af sager' }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'Indlæsning af sager', level: 1 }).waitFor());
  await expectAccessible(page, 'the import page');

  // A file with a refused line: its number and reason; nothing imported.
  await page.getByLabel('Fil (CSV eller XLSX)').setInputFiles(file([
    `${cpr};E2E Import;kontanthjaelp;aktivitetsparat;01.03.2026;sagsbehandler;Udviklingsforløb`,
    `${cpr};E2E Igen;kontanthjaelp;aktivitetsparat;01.03.2026;ukendt;Udviklingsforløb`,
  ]));
  await page.getByLabel('Kolonneopsætning', { exact: true }).fill(MAPPING);
  await page.getByRole('button', { name: 'Indlæs' }).click();
  const refused = page.getByRole('table', { name: 'Afviste linjer og hvorfor' });
  await assert.doesNotReject(refused.waitFor());
  const text = await refused.innerText();
  assert.match(text, /3\s+CPR-nummeret står også på linje 2/);
  assert.ok(!text.includes('E2E'), 'no line contents shown');
  await expectAccessible(page, 'the import page with refused lines');

  // The good file: checked, then imported, the mapping saved by name.
  await page.getByLabel('Fil (CSV eller XLSX)').setInputFiles(file([
    `${cpr};E2E Import;kontanthjaelp;aktivitetsparat;01.03.2026;sagsbehandler;Udviklingsforløb`,
  ]));
  await page.getByLabel('Kolonneopsætning', { exact: true }).fill(MAPPING);
  await page.getByLabel(/Opsætningens navn/).fill('E2E-system');
  await page.getByLabel('Gem kolonneopsætningen under navnet').check();
  await page.getByRole('button', { name: 'Kontrollér filen' }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'Filen kan indlæses' }).waitFor());
  assert.match(await page.getByRole('status').innerText(), /1 borgere oprettet/);
  await expectAccessible(page, 'the import page after a check');
  await page.getByLabel('Fil (CSV eller XLSX)').setInputFiles(file([
    `${cpr};E2E Import;kontanthjaelp;aktivitetsparat;01.03.2026;sagsbehandler;Udviklingsforløb`,
  ]));
  await page.getByRole('button', { name: 'Indlæs' }).click();
  // The import's own page refreshes itself until it is done.
  await page.waitForURL(/\/admin\/indlaesning\/[0-9a-f-]+$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Indlæst', exact: true }).waitFor());
  await expectAccessible(page, 'the finished import');
  await page.getByRole('link', { name: 'Til indlæsning af sager' }).click();
  await assert.doesNotReject(page.getByRole('link', { name: 'E2E-system' }).waitFor());
  await page.close();
});
