// Log review: the data protection officer's spot checks and anomalies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the data protection officer spot-checks reads of citizens', async () => {
  // A caseworker reads a citizen, so that there is something to check.
  const cw = await newPage(browser);
  await login(cw, 'sagsbehandler');
  await cw.getByRole('link', { name: 'Mine forløb' }).click();
  await cw.locator('table.list tbody a').first().click();
  await cw.close();

  const dpo = await newPage(browser);
  await login(dpo, 'admin');
  await dpo.waitForURL(`${BASE}/admin`);
  await dpo.getByRole('link', { name: 'Logkontrol' }).click();
  await assert.doesNotReject(dpo.getByRole('heading', { name: 'Stikprøver' }).waitFor());
  await assert.doesNotReject(dpo.getByRole('heading', { name: 'Opslag der skiller sig ud' }).waitFor());
  await expectAccessible(dpo, 'log review');
  const spots = dpo.getByRole('table', { name: /Tilfældige opslag/ });
  const firstForm = spots.locator('form').first();
  assert.ok(await firstForm.count() > 0, 'a read to check');
  // Suspicious needs a note: the browser's own check is bypassed to see ours.
  await firstForm.getByLabel('Mistænkelig').check();
  await firstForm.getByRole('button', { name: /Gem/ }).click();
  assert.match(await dpo.getByRole('alert').innerText(), /skriv i noten/);
  await expectAccessible(dpo, 'log review with its error');
  const form = dpo.getByRole('table', { name: /Tilfældige opslag/ }).locator('form').first();
  await form.getByLabel('I orden').check();
  await form.getByLabel('Note').fill('Ansvarlig sagsbehandler');
  await form.getByRole('button', { name: /Gem/ }).click();
  await dpo.waitForURL(/\/logkontrol$/);
  await dpo.close();
});
