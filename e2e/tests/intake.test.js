// Intake: a caseworker registers a citizen and creates a course; bad input gets a clear answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A CPR that is unique per run: a real date in the 1990s with a run-specific serial.
function freshCpr() {
  const n = Date.now();
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  const serial = String(Math.floor(n / 1000) % 4000).padStart(4, '0');
  return `${day}${month}9${n % 10}-${serial}`;
}

test('register a citizen and create a course', async () => {
  const page = await newPage(browser);
  await login(page, 'sagsbehandler');
  await page.getByRole('link', { name: 'Opret borger' }).click();
  await expectAccessible(page, 'new citizen form');

  await page.getByLabel('CPR-nummer').fill('310299-1234');
  await page.getByLabel('Navn').fill('Test Testesen');
  await page.getByRole('button', { name: 'Opret' }).click();
  assert.match(await page.getByRole('alert').innerText(), /fødselsdato findes ikke/);
  assert.equal(await page.getByLabel('Navn').inputValue(), 'Test Testesen', 'typed values are kept');

  const cpr = freshCpr();
  await page.getByLabel('CPR-nummer').fill(cpr);
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/borgere\/[0-9a-f-]+/);
  assert.ok(!page.url().includes(cpr.slice(0, 6)), 'no CPR in the URL');
  await assert.doesNotReject(page.getByRole('heading', { name: 'Test Testesen' }).waitFor());

  await page.getByRole('link', { name: 'Opret forløb' }).click();
  await page.getByLabel('Målgruppe').selectOption('kontanthjaelp');
  await page.getByLabel('Kategori').selectOption('aktivitetsparat');
  await page.getByLabel('Forløbsramme').fill('Udviklingsforløb for kontanthjælpsmodtagere over 30 år');
  await page.getByLabel('Overordnet beskæftigelsesmål').fill('Job i detailhandlen');
  await expectAccessible(page, 'new course form');
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/forloeb\/[0-9a-f-]+\/historik$/);
  await assert.doesNotReject(page.getByRole('heading', { name: /Test Testesen/ }).waitFor());
  assert.match(await page.locator('.coursehead').innerText(), /Aktivitetsparat/);
  await page.close();
});
