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

  // A kontanthjælp course has the arbejdspligt ledger: a week with a
  // reduction for health reasons, and a reduction without its reason refused.
  await page.getByRole('navigation', { name: 'Forløbsmenu' }).getByRole('link', { name: 'Arbejdspligt' }).click();
  await page.waitForURL(/\/arbejdspligt$/);
  await expectAccessible(page, 'work duty, empty');
  await page.getByLabel('Planlagte timer').fill('27');
  await page.getByLabel('Timer nedsat af helbredsgrunde').fill('10');
  await page.getByRole('button', { name: 'Gem ugen' }).click();
  assert.match(await page.getByRole('alert').innerText(), /dokumenteret helbredsbegrundelse/);
  assert.equal(await page.getByLabel('Planlagte timer').inputValue(), '27', 'typed values are kept');
  await page.getByLabel('Helbredsbegrundelse').fill('Lægeerklæring: kan ikke stå mere end 6 timer om dagen');
  await page.getByRole('button', { name: 'Gem ugen' }).click();
  await page.waitForURL(/\/arbejdspligt$/);
  const weeks = await page.getByRole('table', { name: 'Uger med arbejdspligt' }).innerText();
  assert.match(weeks, /Uge \d+, \d{4}\s+27\s+27\s+0\s+27\s+Lægeerklæring/);
  await expectAccessible(page, 'work duty with a week');

  // Its readiness is assessed with a date and, from July 2025, a rate.
  await page.getByRole('navigation', { name: 'Forløbsmenu' }).getByRole('link', { name: 'Kontanthjælp' }).click();
  await page.waitForURL(/\/kontanthjaelp$/);
  await page.getByLabel('Parathed (kontanthjælp)').selectOption('jobparat');
  await page.getByRole('button', { name: 'Gem vurderingen' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Vælg satsen/);
  await page.getByLabel('Sats').selectOption('grundsats');
  await page.getByRole('button', { name: 'Gem vurderingen' }).click();
  await page.waitForURL(/\/kontanthjaelp$/);
  assert.match(await page.getByRole('table', { name: 'Vurderinger af parathed' }).innerText(), /Jobparat\s+Grundsats/);
  await expectAccessible(page, 'kontanthjælp readiness and rate');
  await page.close();
});

// The law of the dates: follow-up counted from the first day of absence, and
// the categories of the start date's rules.
test('a sick-listed citizen: follow-up from the first day of absence, and no category 3 in 2025', async () => {
  const iso = (daysFromToday) => {
    const d = new Date(Date.now() + daysFromToday * 86400000);
    return d.toISOString().slice(0, 10);
  };
  const danish = (isoDate) => isoDate.split('-').reverse().join('-');
  const page = await newPage(browser);
  await login(page, 'sagsbehandler');
  await page.getByRole('link', { name: 'Opret borger' }).click();
  await page.getByLabel('CPR-nummer').fill(freshCpr());
  await page.getByLabel('Navn').fill('Syg Testesen');
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/borgere\/[0-9a-f-]+/);
  const citizenUrl = page.url();

  // Absent for ten weeks, referred a week later.
  await page.getByRole('link', { name: 'Opret forløb' }).click();
  await page.getByLabel('Målgruppe').selectOption('sygedagpenge');
  await page.getByLabel('Kategori').selectOption('kategori_2');
  await page.getByLabel('Startdato').fill(iso(-63));
  await page.getByLabel('Første fraværsdag').fill(iso(-70));
  await page.getByLabel('Forløbsramme').fill('Udviklingsforløb for sygedagpengemodtagere');
  await expectAccessible(page, 'new course form with the sickness-benefit fields');
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/forloeb\/[0-9a-f-]+\/historik$/);
  await page.getByRole('link', { name: 'Forløbskontrol' }).click();
  await expectAccessible(page, 'course control');
  const week8 = danish(iso(-70 + 55));
  const next = danish(iso(-70 + 55 + 28));
  const rows = await page.locator('table.list tbody tr').allInnerTexts();
  const followUps = rows.filter((r) => r.includes('Opfølgning (sygedagpenge)'));
  assert.ok(followUps[0].includes(week8) && followUps[0].includes('forfalden'), `week 8 overdue: ${followUps}`);
  assert.ok(followUps[1].includes(next) && !followUps[1].includes('forfalden'), `next due: ${followUps}`);
  assert.match(await page.locator('main').innerText(), new RegExp(`første fraværsdag ${danish(iso(-70))}`));

  // A course started 2025-03-01 is offered the categories of that date.
  await page.goto(citizenUrl);
  await page.getByRole('link', { name: 'Opret forløb' }).click();
  await page.getByLabel('Målgruppe').selectOption('sygedagpenge');
  await page.getByLabel('Startdato').fill('2025-03-01');
  await page.getByLabel('Første fraværsdag').fill('2025-02-01');
  await page.getByLabel('Forløbsramme').fill('Udviklingsforløb for sygedagpengemodtagere');
  await page.getByRole('button', { name: 'Opret' }).click();
  assert.match(await page.getByRole('alert').innerText(), /kategorien skal vælges/);
  const offered = await page.getByLabel('Kategori').locator('option').allInnerTexts();
  assert.ok(offered.some((o) => o.startsWith('Kategori 2')), `${offered}`);
  assert.ok(!offered.some((o) => o.startsWith('Kategori 3')), `no category 3 in 2025: ${offered}`);
  await expectAccessible(page, 'new course form after a refusal');
  await page.getByLabel('Kategori').selectOption('kategori_2');
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/forloeb\/[0-9a-f-]+\/historik$/);
  assert.match(await page.locator('.coursehead').innerText(), /Forenklet sygedagpengeopfølgning \(2025\)/);
  await page.close();
});
