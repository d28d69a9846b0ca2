// The manager (leder): every dashboard opens and passes axe; one table is
// exported to XLSX, read back with SheetJS, and matches the page's table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import XLSX from 'xlsx';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const DASHBOARDS = [
  ['Resultater', '/ledelse/resultater'],
  ['Sagsstammer', '/ledelse/sagsstamme'],
  ['Kapacitet', '/ledelse/kapacitet'],
  ['Hvad virker', '/ledelse/hvad-virker'],
  ['Screeningens træfsikkerhed', '/ledelse/screening'],
  ['Økonomi', '/ledelse/oekonomi'],
  ['Forskningsudtræk', '/ledelse/forskning'],
  ['Registerdata', '/ledelse/register'],
  ['Kontaktkvoter', '/ledelse/kontaktforloeb'],
];

test('leder opens each dashboard, and an XLSX export matches the page', async () => {
  const page = await newPage(browser);
  await login(page, 'leder');
  await page.waitForURL(`${BASE}/ledelse/resultater`);
  const nav = page.getByRole('navigation', { name: 'Ledelse' });
  for (const [name, path] of DASHBOARDS) {
    await nav.getByRole('link', { name, exact: true }).click();
    await page.waitForURL((u) => u.pathname === path);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
    await expectAccessible(page, name);
  }

  // Caseloads: the table per caseworker, on the page and in the workbook.
  await page.goto(`${BASE}/ledelse/sagsstamme`);
  const onPage = await page.locator('#workers-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('th').textContent.trim(), Number(r.querySelectorAll('td')[1].textContent)]));
  assert.ok(onPage.length > 0, 'the demo has caseworkers');
  assert.ok(onPage.some(([, n]) => n > 0), 'and open courses');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#workers-table ~ p.exports a', { hasText: 'XLSX' }).first().click(),
  ]);
  assert.equal(download.suggestedFilename(), 'sagsstamme-medarbejdere.xlsx');
  const book = XLSX.readFile(await download.path());
  assert.deepEqual(book.SheetNames, ['sagsstamme-medarbejdere']);
  const rows = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1 });
  // Headings in words, in the reader's language (Danish here), not codes.
  assert.deepEqual(rows[0], ['Sagsbehandler', 'Team', 'Forløb', 'Mål, fra', 'Mål, til', 'Status']);
  const inBook = rows.slice(1).map((r) => [r[0], r[2]]);
  assert.deepEqual(inBook, onPage, 'every caseworker with the same count');
  assert.ok(rows.slice(1).every((r) => typeof r[2] === 'number'), 'counts are numbers, not text');
  await page.close();
});

test('leder types a year of weekly rates in one form, and a wrong amount keeps what was typed', async () => {
  const page = await newPage(browser);
  await login(page, 'leder');
  await page.waitForURL(`${BASE}/ledelse/resultater`);
  await page.goto(`${BASE}/ledelse/oekonomi?satsaar=2024#satser`);
  const form = page.locator('form:has(#year-rates-table)');
  await form.getByLabel('Kontanthjælp', { exact: true }).fill('2.788,75');
  await form.getByLabel('Sygedagpenge', { exact: true }).fill('2905.50');
  await form.getByRole('button', { name: 'Gem satserne for 2024' }).click();
  // An English decimal point is refused, with the page again and both typed values kept.
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'decimalkomma' }).waitFor());
  assert.equal(await form.getByLabel('Kontanthjælp', { exact: true }).inputValue(), '2.788,75');
  assert.equal(await form.getByLabel('Sygedagpenge', { exact: true }).inputValue(), '2905.50');
  await expectAccessible(page, 'Økonomi, satser med fejl');
  await form.getByLabel('Sygedagpenge', { exact: true }).fill('2.905,50');
  await form.getByRole('button', { name: 'Gem satserne for 2024' }).click();
  await page.waitForURL((u) => u.pathname === '/ledelse/oekonomi' && u.searchParams.get('satsaar') === '2024');
  const rates = await page.locator('#rates-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
  assert.ok(rates.some((r) => r[0] === 'Kontanthjælp' && r[1] === '2024' && r[2] === '2.788,75 kr.'), JSON.stringify(rates));
  assert.ok(rates.some((r) => r[0] === 'Sygedagpenge' && r[1] === '2024' && r[2] === '2.905,50 kr.'), JSON.stringify(rates));
  await page.close();
});

test('the demo has the history for every dashboard to show its figures', async () => {
  const page = await newPage(browser);
  await login(page, 'leder');
  await page.waitForURL(`${BASE}/ledelse/resultater`);
  // Outcomes: curves before and with the model, from the register, with a log-rank test.
  const groups = await page.locator('#outcomes-table tbody th').allTextContents();
  assert.deepEqual(groups.map((g) => g.trim()), ['før modellen', 'med modellen']);
  await assert.doesNotReject(page.getByText(/Log-rank-test mellem grupperne: χ² = [\d,]+, df = 1/).waitFor());
  assert.match(await page.locator('body').textContent(), /Varighed fra: registeret: \d{3,}/);
  // What works: a number of citizens in the matrix and an adjusted Cox model with ratios.
  await page.goto(`${BASE}/ledelse/hvad-virker`);
  const ratios = await page.locator('#cox-table tbody td:nth-child(2)').allTextContents();
  assert.ok(ratios.filter((r) => /^\d+,\d\d \(/.test(r)).length >= 10, JSON.stringify(ratios));
  // Screening validity: an AUC with its interval for each screening questionnaire.
  await page.goto(`${BASE}/ledelse/screening`);
  const aucs = (await page.locator('body').textContent())
    .match(/AUC 0,\d\d \(95 %-interval: DeLong 0,\d\d–0,\d\d; Hanley–McNeil 0,\d\d–0,\d\d\)/g) ?? [];
  assert.ok(aucs.length >= 2, JSON.stringify(aucs));
  // Economics: the memo's table, and weeks saved with their 95% interval.
  await page.goto(`${BASE}/ledelse/oekonomi`);
  await assert.doesNotReject(page.locator('#economics-table').waitFor());
  const row = await page.locator('#sensitivity-table tbody tr').first().locator('td').allTextContents();
  assert.match(row[1], /^-?[\d.]+ – -?[\d.]+$/, JSON.stringify(row));
  assert.doesNotMatch(await page.locator('main').textContent(), /Ikke nok data/);
  await page.close();
});
