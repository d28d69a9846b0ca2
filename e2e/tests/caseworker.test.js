// A caseworker's day: log in, search, open a course, add a journal entry, log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('wrong password shows one generic message and stays on login', async () => {
  const page = await newPage(browser);
  await login(page, 'sagsbehandler', 'not-the-password');
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  assert.match(await page.getByRole('alert').innerText(), /Forkert brugernavn eller adgangskode/);
  await login(page, 'nobody-here', 'x');
  assert.match(await page.getByRole('alert').innerText(), /Forkert brugernavn eller adgangskode/);
  await expectAccessible(page, 'login with error');
  await page.close();
});

test('log in, search, open a course, add a journal entry, log out', async () => {
  const page = await newPage(browser);
  await login(page, 'sagsbehandler');
  await page.waitForURL(`${BASE}/forloeb`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Mine forløb' }).waitFor());
  const rows = page.locator('table.list tbody tr');
  assert.ok(await rows.count() > 0, 'demo courses are listed');
  await expectAccessible(page, 'Mine forløb');

  // Search by name: the first listed citizen's surname.
  const firstName = (await rows.first().locator('td').first().innerText()).trim();
  const surname = firstName.split(' ').pop();
  await page.getByLabel('Søg på navn eller CPR-nummer').fill(surname);
  await page.getByRole('button', { name: 'Søg' }).click();
  await page.locator(`#q[value="${surname}"]`).waitFor();
  assert.ok(!page.url().includes(surname), 'a searched name never goes into the URL');
  const names = await page.locator('table.list tbody tr td:first-child').allInnerTexts();
  assert.ok(names.length > 0 && names.every((n) => n.includes(surname)), `all hits contain ${surname}`);

  // Open the course and check the course menu.
  await page.getByRole('link', { name: firstName }).first().click();
  await page.waitForURL(/\/forloeb\/[0-9a-f-]+\/historik$/);
  const menu = page.getByRole('navigation', { name: 'Forløbsmenu' });
  for (const item of ['Historik', 'Status og forløbsmål', 'Kontaktpersoner i forløb', 'Dokumenter']) {
    await assert.doesNotReject(menu.getByRole('link', { name: item }).waitFor());
  }
  await expectAccessible(page, 'course history');

  // A journal entry with markup is shown as text, never rendered.
  const text = `E2E-notat ${Date.now()} <b>ikke fed</b>`;
  await page.getByLabel('Tekst').fill(text);
  await page.getByRole('button', { name: 'Tilføj notat' }).click();
  await page.waitForURL(/\/historik$/);
  const entry = page.locator('.entry-text', { hasText: 'E2E-notat' }).first();
  assert.equal(await entry.innerText(), text);
  assert.equal(await page.locator('.entry-text b').count(), 0);

  // The citizen page shows the whole CPR number; searching by it finds the course.
  await page.getByRole('link', { name: 'Borger', exact: true }).click();
  const cpr = (await page.locator('dl.facts dd').first().innerText()).trim();
  assert.match(cpr, /^\d{6}-\d{4}$/);
  await expectAccessible(page, 'citizen');
  await page.getByRole('link', { name: 'Adgangslog' }).click();
  await assert.doesNotReject(page.getByRole('cell', { name: 'sagsbehandler' }).first().waitFor());
  await expectAccessible(page, 'access log');
  await page.goto(`${BASE}/forloeb`);
  await page.getByLabel('Søg på navn eller CPR-nummer').fill(cpr);
  await page.getByRole('button', { name: 'Søg' }).click();
  await page.locator(`#q[value="${cpr}"]`).waitFor();
  assert.ok(!page.url().includes(cpr.slice(0, 6)), 'a CPR number never goes into the URL');
  // Every row found is this citizen's (one course, or more if an earlier run added one).
  const masked = await page.locator('table.list tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(masked.length >= 1 && masked.every((m) => m.trim() === `${cpr.slice(0, 6)}-xxxx`), masked.join(','));

  // Focus areas: an ICF-coded finding in the team's table.
  await page.locator('table.list tbody tr a').first().click();
  await page.getByRole('link', { name: 'Fokusområder' }).click();
  await page.getByLabel('Komponent', { exact: true }).last().selectOption('b');
  await page.getByLabel('Beskrivelse').fill('Smerter ved længere tids siddende arbejde');
  await page.getByLabel('ICF-kode', { exact: true }).fill('b28013');
  await page.getByLabel('Gradient').fill('2');
  await page.getByRole('button', { name: 'Tilføj fokusområde' }).click();
  await assert.doesNotReject(page.getByRole('cell', { name: 'b28013.2 Smerter i ryggen' }).waitFor());
  await expectAccessible(page, 'focus areas');
  await page.getByRole('link', { name: 'Monofaglige notater' }).click();
  await page.getByLabel(/Begrænsninger i forhold til arbejde/).fill('Ingen uddannelse; ønsker lagerarbejde');
  await page.getByRole('button', { name: 'Gem' }).click();
  await assert.doesNotReject(page.getByRole('region', { name: /Sagsbehandler/ }).waitFor());
  await expectAccessible(page, 'analysis notes');
  await page.goto(`${BASE}/forloeb`);
  await page.getByLabel('Søg på navn eller CPR-nummer').fill(cpr);
  await page.getByRole('button', { name: 'Søg' }).click();
  await page.locator(`#q[value="${cpr}"]`).waitFor();

  // Status page, then log out.
  await page.locator('table.list tbody tr a').first().click();
  await page.getByRole('link', { name: 'Status og forløbsmål' }).click();
  await assert.doesNotReject(page.getByLabel('Overordnet beskæftigelsesmål').waitFor());
  await expectAccessible(page, 'status and goal');
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.waitForURL(`${BASE}/login`);
  await page.goto(`${BASE}/forloeb`);
  await page.waitForURL(`${BASE}/login`);
  await page.close();
});

test('English is available', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/login`);
  await page.getByRole('link', { name: 'English' }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'Log in' }).waitFor());
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.close();
});

test('an administrator sees users and units', async () => {
  const page = await newPage(browser);
  await login(page, 'admin');
  await page.waitForURL(`${BASE}/admin`);
  await assert.doesNotReject(page.getByRole('cell', { name: 'sagsbehandler2', exact: true }).waitFor());
  await assert.doesNotReject(page.getByRole('cell', { name: 'Børne- og Familieafdelingen', exact: true }).waitFor());
  await assert.doesNotReject(page.getByLabel('Fælles e-mail til beskeder: Sundhedscenter').waitFor());
  await expectAccessible(page, 'admin');
  await page.getByRole('link', { name: 'Spørgeskemaer' }).click();
  await assert.doesNotReject(page.getByText(/oempsq-10 v1/).waitFor());
  await expectAccessible(page, 'admin questionnaires');
  await page.goto(`${BASE}/admin/icf?q=smerter`);
  await assert.doesNotReject(page.getByText('Smerter i ryggen').waitFor());
  await expectAccessible(page, 'admin ICF');
  await page.goto(`${BASE}/admin/indsatser`);
  await assert.doesNotReject(page.getByRole('link', { name: 'Mentorhus' }).waitFor());
  await expectAccessible(page, 'catalogue');
  await page.getByRole('link', { name: 'Mentorhus' }).click();
  await expectAccessible(page, 'intervention form');
  await page.close();
});
