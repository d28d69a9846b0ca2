// The citizen's right of access (GDPR art. 15 and 20): the caseworker and the
// data protection officer produce everything held about a citizen, as a PDF
// and as JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the caseworker and the data protection officer produce a citizen\'s data', async () => {
  const cw = await newPage(browser);
  await login(cw, 'sagsbehandler');
  await cw.getByRole('link', { name: 'Mine forløb' }).click();
  await cw.locator('table.list tbody a').first().click();
  // From the course to the citizen.
  await cw.locator('main a[href^="/borgere/"]').first().click();
  await cw.waitForURL(/\/borgere\/[0-9a-f-]+$/);
  const name = (await cw.getByRole('heading', { level: 1 }).innerText()).trim();
  const cpr = (await cw.locator('dl.facts dd').first().innerText()).trim();
  await cw.getByRole('link', { name: /Indsigt: alt om borgeren/ }).click();
  await cw.waitForURL(/\/indsigt$/);
  await assert.doesNotReject(cw.getByRole('heading', { name: `Registrerede oplysninger: ${name}` }).waitFor());
  const kinds = await cw.getByRole('table').innerText();
  assert.match(kinds, /Forløb/);
  assert.match(kinds, /Hvem har brugt dine oplysninger/);
  await expectAccessible(cw, 'the insight overview');
  // The two files, with the caseworker's own session.
  const pdfHref = await cw.getByRole('link', { name: /Hent som PDF/ }).getAttribute('href');
  const pdf = await cw.request.get(`${BASE}${pdfHref}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'a PDF');
  const jsonHref = await cw.getByRole('link', { name: /Hent som JSON/ }).getAttribute('href');
  const json = await (await cw.request.get(`${BASE}${jsonHref}`)).json();
  assert.equal(json.format, 'jobspor.insight.v1');
  assert.equal(json.sections.citizen[0].name, name);
  assert.ok(json.sections.courses.length > 0);
  await cw.close();

  // The data protection officer answers the citizen's request by CPR number.
  const dpo = await newPage(browser);
  await login(dpo, 'admin');
  await dpo.waitForURL(`${BASE}/admin`);
  await dpo.getByRole('link', { name: 'Indsigt', exact: true }).click();
  await assert.doesNotReject(dpo.getByRole('heading', { name: 'Anmodning om indsigt' }).waitFor());
  await expectAccessible(dpo, 'the request form');
  await dpo.getByLabel('CPR-nummer').fill('12345');
  await dpo.getByRole('button', { name: 'Find borgerens oplysninger' }).click();
  assert.match(await dpo.getByRole('alert').innerText(), /CPR/);
  assert.equal(await dpo.getByLabel('CPR-nummer').inputValue(), '12345', 'what was typed is kept');
  await expectAccessible(dpo, 'the request form with its error');
  await dpo.getByLabel('CPR-nummer').fill(cpr);
  await dpo.getByRole('button', { name: 'Find borgerens oplysninger' }).click();
  await dpo.waitForURL(/\/borgere\/[0-9a-f-]+\/indsigt$/);
  await assert.doesNotReject(dpo.getByRole('heading', { name: `Registrerede oplysninger: ${name}` }).waitFor());
  await expectAccessible(dpo, 'the insight overview for the data protection officer');
  await dpo.close();
});
