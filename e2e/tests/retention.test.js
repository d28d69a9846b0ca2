// Retention: the administrator sets the periods within the law and previews
// the night's run; the caseworker places a legal hold on a course.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('periods, a preview and a legal hold', async () => {
  const cw = await newPage(browser);
  await login(cw, 'sagsbehandler');
  await cw.getByRole('link', { name: 'Mine forløb' }).click();
  await cw.locator('table.list tbody a').first().click();
  await cw.getByRole('link', { name: 'Status og forløbsmål' }).click();
  await cw.getByRole('link', { name: /Retsligt forbehold/ }).click();
  await assert.doesNotReject(cw.getByRole('heading', { name: 'Retsligt forbehold', level: 1 }).waitFor());
  await expectAccessible(cw, 'a course\'s legal holds');
  await cw.getByLabel(/Begrundelse/).fill('klage');
  await cw.getByLabel(/Begrundelse/).evaluate((e) => e.removeAttribute('minlength'));
  await cw.getByRole('button', { name: 'Sæt forbehold' }).click();
  assert.match(await cw.getByRole('alert').innerText(), /mindst 10 tegn/);
  await expectAccessible(cw, 'the hold form with its error');
  await cw.getByLabel(/Begrundelse/).fill('Klage til Ankestyrelsen over afgørelsen');
  await cw.getByRole('button', { name: 'Sæt forbehold' }).click();
  await assert.doesNotReject(cw.getByText('Klage til Ankestyrelsen over afgørelsen').waitFor());
  await cw.close();

  const admin = await newPage(browser);
  await login(admin, 'admin');
  await admin.waitForURL(`${BASE}/admin`);
  await admin.getByRole('link', { name: 'Opbevaring og sletning' }).click();
  await assert.doesNotReject(admin.getByRole('heading', { name: 'Perioder' }).waitFor());
  await expectAccessible(admin, 'retention');
  await admin.getByLabel('Måneder: Sundhedsfaglige notater').fill('24');
  await admin.getByRole('button', { name: 'Gem Sundhedsfaglige notater' }).click();
  assert.match(await admin.getByRole('alert').innerText(), /kortere, end loven tillader/);
  await expectAccessible(admin, 'retention with its error');
  await admin.getByRole('button', { name: 'Prøvekørsel' }).click();
  await assert.doesNotReject(admin.getByRole('table', { name: 'Hvad kørslen ville gøre nu' }).waitFor());
  await expectAccessible(admin, 'retention with a preview');
  const holds = admin.getByRole('row', { name: /Klage til Ankestyrelsen over afgørelsen/ });
  await holds.getByRole('button', { name: /Ophæv/ }).click();
  await admin.waitForURL(/\/admin\/opbevaring$/);
  assert.equal(await admin.getByRole('row', { name: /Klage til Ankestyrelsen over afgørelsen/ }).count(), 0);
  await admin.close();
});
