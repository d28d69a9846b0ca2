// Need-to-know: another team's caseworker finds a citizen but opens more only
// for a stated purpose, which the data protection officer then reviews.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a purpose opens a citizen of another team, and is reviewed', async () => {
  // Team Nord registers a citizen and gives them a course.
  const nord = await newPage(browser);
  await login(nord, 'sagsbehandler');
  await nord.getByRole('link', { name: 'Opret borger' }).click();
  const n = Date.now();
  const cpr = `${String((n % 28) + 1).padStart(2, '0')}0385-${String(Math.floor(n / 1000) % 4000).padStart(4, '0')}`;
  await nord.getByLabel('CPR-nummer').fill(cpr);
  await nord.getByLabel('Navn').fill('E2E-Formål Borger');
  await nord.getByRole('button', { name: 'Opret' }).click();
  await nord.waitForURL(/\/borgere\/[0-9a-f-]+/);
  const citizenUrl = nord.url().split('?')[0];
  await nord.getByRole('link', { name: 'Opret forløb' }).click();
  await nord.getByLabel('Målgruppe').selectOption('kontanthjaelp');
  await nord.getByLabel('Kategori').selectOption('aktivitetsparat');
  await nord.getByLabel('Forløbsramme').fill('Udviklingsforløb');
  await nord.getByRole('button', { name: 'Opret' }).click();
  await nord.waitForURL(/\/historik$/);
  await nord.close();

  // Team Syd sees who it is and whose course, not the record.
  const syd = await newPage(browser);
  await login(syd, 'sagsbehandler2');
  await syd.goto(citizenUrl);
  await assert.doesNotReject(syd.getByRole('heading', { name: 'Åbn borgeren med et formål' }).waitFor());
  const minimal = await syd.locator('main').innerText();
  assert.ok(minimal.includes(`${cpr.slice(0, 6)}-xxxx`) && !minimal.includes(cpr), 'the CPR number masked');
  assert.match(minimal, /Har et forløb hos Sanne Sagsbehandler \(Team Nord\)/);
  await expectAccessible(syd, 'a citizen found, with the purpose form');
  await syd.getByLabel('Borgeren har henvendt sig').check();
  await syd.getByLabel(/Formål \(mindst 10 tegn\)/).fill('fordi');
  await syd.getByLabel(/Formål \(mindst 10 tegn\)/).evaluate((e) => e.removeAttribute('minlength'));
  await syd.getByRole('button', { name: 'Åbn borgeren' }).click();
  assert.match(await syd.getByRole('alert').innerText(), /mindst 10 tegn/);
  await expectAccessible(syd, 'the purpose form with its error');
  await syd.getByLabel(/Formål \(mindst 10 tegn\)/).fill('Borgeren ringede om sit møde');
  await syd.getByRole('button', { name: 'Åbn borgeren' }).click();
  await syd.waitForURL(citizenUrl);
  assert.ok((await syd.locator('main').innerText()).includes(cpr), 'the record is open');
  await syd.close();

  // The data protection officer reviews it.
  const dpo = await newPage(browser);
  await login(dpo, 'admin');
  await dpo.waitForURL(`${BASE}/admin`);
  await dpo.getByRole('link', { name: 'Adgang med formål' }).click();
  const row = dpo.getByRole('row', { name: /E2E-Formål Borger/ });
  await assert.doesNotReject(row.waitFor());
  assert.match(await row.innerText(), /Søren Sagsbehandler[\s\S]*Borgeren har henvendt sig[\s\S]*Borgeren ringede om sit møde/);
  await expectAccessible(dpo, 'access with a purpose, for review');
  await row.getByRole('button', { name: /Gennemset/ }).click();
  await dpo.waitForURL(/adgang-med-formaal$/);
  assert.equal(await dpo.getByRole('row', { name: /E2E-Formål Borger/ }).count(), 0);
  await dpo.close();
});
