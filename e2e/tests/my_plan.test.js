// The citizen's door in the browser: "Min plan" at /borger, login with
// (the demo's stand-in for) MitID, the plan and the access log in Danish and
// Arabic with axe checks, agreeing to the plan, rating a goal, withdrawing
// a consent, logging out at the provider too, and a login at too low an
// assurance level refused with a page that says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function mitid(page, account) {
  await page.goto(`${BASE}/borger`);
  await page.getByRole('link', { name: 'Log ind med MitID' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.getByRole('button', { name: account }).click();
}

test('a citizen logs in with MitID and sees the plan and who has seen it', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/borger`);
  await expectAccessible(page, 'the citizen\'s door');
  await mitid(page, 'Borger med MitID');
  await page.waitForURL(`${BASE}/borger`);
  const text = await page.locator('main').innerText();
  assert.match(text, /Dit mål med arbejde/);
  assert.match(text, /Hvem har set mine oplysninger/);
  assert.match(text, /Dig selv/);
  await expectAccessible(page, 'Min plan');

  await page.getByRole('link', { name: 'العربية' }).click();
  await page.waitForURL(`${BASE}/borger`);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.match(await page.locator('h1').innerText(), /خطتي/);
  await expectAccessible(page, 'Min plan in Arabic');
  await page.getByRole('link', { name: 'Dansk' }).click();
  await page.waitForURL(`${BASE}/borger`);

  // Agreeing to a part of the plan, with a comment for the caseworker.
  const agree = page.getByRole('radio', { name: 'Ja, jeg er enig' }).first();
  await agree.check();
  await page.getByLabel(/Din kommentar til sagsbehandleren/).first().fill('Det passer godt med mine børns skoletider');
  await page.getByRole('button', { name: /Send dit svar/ }).first().click();
  await page.waitForURL(/\/borger/);
  assert.ok(await page.getByRole('radio', { name: 'Ja, jeg er enig' }).first().isChecked());
  assert.equal(await page.getByLabel(/Din kommentar til sagsbehandleren/).first().inputValue(), 'Det passer godt med mine børns skoletider');

  // Rating one's own goal today, without a link; the series shows it.
  await page.getByRole('radio', { name: '7', exact: true }).first().check();
  await page.getByRole('button', { name: /Gem vurderingen/ }).first().click();
  await page.waitForURL(/\/borger/);
  assert.ok(await page.getByRole('radio', { name: '7', exact: true }).first().isChecked());
  assert.match(await page.locator('main').innerText(), /: 7\n/);

  // Withdrawing a consent takes effect at once and shows when.
  const before = await page.getByRole('button', { name: /Træk samtykket tilbage/ }).count();
  assert.ok(before > 0, 'the demo citizen has a consent to withdraw');
  await page.getByRole('button', { name: /Træk samtykket tilbage/ }).first().click();
  await page.waitForURL(/\/borger/);
  assert.equal(await page.getByRole('button', { name: /Træk samtykket tilbage/ }).count(), before - 1);
  assert.match(await page.locator('main').innerText(), /Trukket tilbage den/);
  // The access log names the citizen's own change.
  assert.match(await page.locator('main').innerText(), /Dig selv\s+ændrede/);
  await expectAccessible(page, 'Min plan after withdrawing a consent');

  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('button', { name: 'Ja, log ud' }).click();
  await page.waitForURL(`${BASE}/borger`);
  await page.getByRole('link', { name: 'Log ind med MitID' }).waitFor();
});

test('a login below substantial assurance is refused with a page that says why', async () => {
  const page = await newPage(browser);
  await mitid(page, 'Borger med lavt sikringsniveau');
  await page.waitForURL((url) => url.href.startsWith(BASE));
  assert.match(await page.locator('body').innerText(), /sikringsniveau/);
});
