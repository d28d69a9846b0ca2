// The citizen's door in the browser: "Min plan" at /borger, login with
// (the demo's stand-in for) MitID, the plan and the access log in Danish and
// Arabic with axe checks, agreeing to the plan, rating a goal, withdrawing
// a consent, logging out at the provider too, a questionnaire and a shared
// plan found in Min plan, and a login at too low an assurance level refused
// with a page that says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

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

test('the caseworker sends a questionnaire and shares the plan; the citizen finds both in Min plan', async () => {
  // Who the demo's MitID citizen is, as Min plan greets them.
  const citizen = await newPage(browser);
  await mitid(citizen, 'Borger med MitID');
  await citizen.waitForURL(`${BASE}/borger`);
  const hello = await citizen.getByText(/^Du er logget ind som /).innerText();
  const name = hello.replace('Du er logget ind som ', '').trim();

  // The caseworker finds the course, sends a questionnaire, shares the plan.
  const staff = await newPage(browser);
  await login(staff, 'sagsbehandler');
  await staff.waitForURL(`${BASE}/forloeb`);
  await staff.getByLabel('Søg på navn eller CPR-nummer').fill(name);
  await staff.getByRole('button', { name: 'Søg', exact: true }).click();
  await staff.getByRole('link', { name, exact: true }).first().click();
  const course = staff.url();
  await staff.getByRole('link', { name: 'Borger', exact: true }).click();
  const oempsq = await staff.locator('#sc-def option', { hasText: 'ÖMPSQ-10' }).getAttribute('value');
  await staff.getByLabel('Spørgeskema').selectOption(oempsq);
  await staff.getByRole('button', { name: 'Start screening' }).click();
  await staff.goto(course);
  await staff.getByRole('link', { name: 'Dokumenter', exact: true }).click();
  await staff.getByRole('button', { name: 'Del planen med borgeren som PDF' }).click();
  await staff.getByRole('button', { name: /Stop deling/ }).first().waitFor();
  await expectAccessible(staff, 'the course\'s documents with a shared plan');
  await staff.context().close();

  // The citizen sees both, downloads the plan, and answers in Min plan.
  await citizen.reload();
  const main = await citizen.locator('main').innerText();
  assert.match(main, /Spørgeskemaer til dig/);
  assert.match(main, /indsatsplan-\d{4}-\d{2}-\d{2}\.pdf/);
  const [download] = await Promise.all([
    citizen.waitForEvent('download'),
    citizen.getByRole('link', { name: /indsatsplan-/ }).first().click(),
  ]);
  assert.match(download.suggestedFilename(), /^indsatsplan-.*\.pdf$/);
  await citizen.getByRole('link', { name: /Udfyld skemaet/ }).first().click();
  await citizen.waitForURL(/\/borger\/skema\//);
  await expectAccessible(citizen, 'a questionnaire opened from Min plan');
  await citizen.getByRole('link', { name: 'Start' }).click();
  await citizen.waitForURL(/\/side\/1$/);
  // Sent without answers: the questions are asked again, nothing is lost.
  await citizen.getByRole('button', { name: 'Gem og gå videre' }).click();
  await assert.doesNotReject(citizen.getByRole('alert').waitFor());
  await expectAccessible(citizen, 'a Min plan questionnaire page with errors');
  await citizen.getByRole('link', { name: 'Tilbage' }).click();
  await citizen.waitForURL(/\/borger\/skema\/[^/]+$/);
  await citizen.context().close();
});

test('a login below substantial assurance is refused with a page that says why', async () => {
  const page = await newPage(browser);
  await mitid(page, 'Borger med lavt sikringsniveau');
  await page.waitForURL((url) => url.href.startsWith(BASE));
  assert.match(await page.locator('body').innerText(), /MitID på mindst betydeligt niveau/);
  await page.getByRole('link', { name: 'Til Min plan' }).waitFor();
  await expectAccessible(page, 'the citizen\'s refusal page');
});
