// Screening self-service on a phone: the caseworker makes a link; the citizen
// opens it, answers, leaves halfway, resumes and submits. axe checks every
// citizen page, in Danish and in right-to-left Arabic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function makeLink(language) {
  const page = await newPage(browser);
  await login(page, 'sagsbehandler');
  await page.waitForURL(`${BASE}/forloeb`);
  await page.locator('table.list tbody tr a').first().click();
  await page.getByRole('link', { name: 'Borger', exact: true }).click();
  const oempsq = await page.locator('#sc-def option', { hasText: 'ÖMPSQ-10' }).getAttribute('value');
  await page.getByLabel('Spørgeskema').selectOption(oempsq);
  await page.getByLabel('Borgerens sprog').selectOption(language);
  await page.getByRole('button', { name: 'Start screening' }).click();
  const url = await page.getByLabel('Link').inputValue();
  assert.match(url, /\/s\/[A-Za-z0-9_-]{43}$/);
  await page.getByRole('link', { name: 'Tilbage' }).click();
  const citizenPage = page.url();
  await page.context().close();
  return { url, citizenPage };
}

async function phonePage() {
  const context = await browser.newContext(PHONE);
  return context.newPage();
}

async function answerScale(page, question, value) {
  await page.getByRole('group', { name: question }).getByLabel(String(value), { exact: true }).check();
}

test('a citizen answers on a phone, leaves halfway, resumes and submits', async () => {
  const { url, citizenPage } = await makeLink('da');
  let page = await phonePage();
  await page.goto(url);
  await expectAccessible(page, 'intro (da)');
  await page.getByRole('link', { name: 'Start' }).click();
  await expectAccessible(page, 'page 1 (da)');
  await page.getByRole('group', { name: /Hvor længe har du haft/ }).getByLabel('3–4 uger').check();
  await answerScale(page, /Hvor stærke har dine smerter/, 5);
  await answerScale(page, /let arbejde i en time/, 4);
  await answerScale(page, /sove om natten/, 6);
  await page.getByRole('button', { name: 'Gem og gå videre' }).click();
  await page.waitForURL(/\/side\/2$/);
  // An invalid page: the missing answer is named, and axe is still happy.
  await answerScale(page, /anspændt eller ængstelig/, 3);
  await page.getByRole('button', { name: 'Gem og gå videre' }).click();
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  await expectAccessible(page, 'page 2 with errors (da)');
  // Leave halfway: close the phone's browser.
  await page.context().close();

  page = await phonePage();
  await page.goto(url);
  await page.getByRole('link', { name: 'Fortsæt' }).click();
  await page.waitForURL(/\/side\/2$/);
  assert.ok(await page.getByRole('group', { name: /anspændt eller ængstelig/ }).getByLabel('3', { exact: true }).isChecked(), 'the saved answer is there');
  await answerScale(page, /nedtrykt/, 2);
  await answerScale(page, /bliver langvarige/, 7);
  await page.getByRole('button', { name: 'Gem og gå videre' }).click();
  await answerScale(page, /om 3 måneder/, 8);
  await answerScale(page, /stoppe det, jeg er i gang med/, 5);
  await answerScale(page, /sædvanlige arbejde/, 4);
  await page.getByRole('button', { name: 'Gem og gå videre' }).click();
  await page.waitForURL(/\/oversigt$/);
  await expectAccessible(page, 'review (da)');
  await page.getByRole('button', { name: 'Send dine svar' }).click();
  await page.waitForURL(/\/tak$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Tak for dine svar' }).waitFor());
  await expectAccessible(page, 'thanks (da)');
  // The link has done its job: opening it again says so.
  await page.goto(url);
  assert.match(await page.getByRole('status').innerText(), /allerede sendt/);
  await page.context().close();

  // The caseworker triages and creates a development course.
  const desk = await newPage(browser);
  await login(desk, 'sagsbehandler');
  await desk.waitForURL(`${BASE}/forloeb`);
  await desk.goto(citizenPage);
  await desk.locator('a[href^="/screeninger/"]').first().click();
  await assert.doesNotReject(desk.getByRole('heading', { name: /Triage/ }).waitFor());
  assert.match(await desk.locator('main').innerText(), /Samlet score: 41 \/ 100/);
  await expectAccessible(desk, 'triage');
  await desk.getByRole('group', { name: /Risiko for langvarig/ }).getByLabel('Moderat').check();
  await desk.getByLabel('Parathed (kontanthjælp)').selectOption('aktivitetsparat');
  await desk.getByRole('group', { name: 'Visitation' }).getByLabel(/Opret udviklingsforløb/).check();
  const fw = await desk.locator('#framework_id option', { hasText: 'over 30 år' }).getAttribute('value');
  await desk.getByLabel('Forløbsramme').selectOption(fw);
  await desk.getByLabel('Overordnet beskæftigelsesmål').fill('Job med skånehensyn');
  await desk.getByLabel('Kort notat').fill('Smerter, men motiveret');
  await desk.getByRole('button', { name: 'Gem visitation' }).click();
  await desk.waitForURL(/\/forloeb\/[0-9a-f-]+\/historik$/);
  assert.match(await desk.locator('.coursehead').innerText(), /Udviklingsforløb for kontanthjælpsmodtagere over 30 år/);
  await desk.context().close();
});

test('the questionnaire in Arabic is right to left and accessible', async () => {
  const { url } = await makeLink('ar');
  const page = await phonePage();
  await page.goto(url);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
  await expectAccessible(page, 'intro (ar)');
  await page.getByRole('link', { name: 'ابدأ' }).click();
  await expectAccessible(page, 'page 1 (ar)');
  await page.getByRole('button', { name: 'احفظ وتابع' }).click();
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  await expectAccessible(page, 'page 1 with errors (ar)');
  await page.context().close();
});

test('a tampered link gets a friendly page', async () => {
  const page = await phonePage();
  await page.goto(`${BASE}/s/${'A'.repeat(43)}`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Linket virker ikke' }).waitFor());
  await expectAccessible(page, 'bad link');
  await page.context().close();
});
