// Staff single sign-on in the browser, through the demo's own OpenID
// provider (idp/server.mjs, which `serve --demo` starts): the caseworker
// picks her account at the provider, lands in Jobspor, and logging out ends
// the session at the provider too. A login the rules do not cover gets a
// clear page, and the administrator's page for the rules passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function throughTheProvider(page, account) {
  await page.goto(`${BASE}/login`);
  await page.getByRole('link', { name: 'Log ind med kommunens login' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.getByRole('button', { name: account }).click();
}

test('a caseworker logs in with the municipality\'s login and out of both', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/login`);
  await expectAccessible(page, 'the login page with both doors');
  await throughTheProvider(page, 'Sara Sagsbehandler');
  await page.waitForURL((url) => url.href.startsWith(BASE) && !url.pathname.startsWith('/login'));
  assert.match(await page.locator('body').innerText(), /Sara Sagsbehandler/);
  await expectAccessible(page, 'the first page after single sign-on');

  await page.getByRole('button', { name: 'Log ud' }).click();
  // The provider asks whether to end its session too, then sends her back.
  await page.getByRole('button', { name: 'Ja, log ud' }).click();
  await page.waitForURL(`${BASE}/login`);
  // Logged out at the provider as well: the next login asks for an account again.
  await page.getByRole('link', { name: 'Log ind med kommunens login' }).click();
  await page.waitForURL(/\/interaction\//);
});

test('a login no rule gives a role is refused with a page that says why', async () => {
  const page = await newPage(browser);
  await throughTheProvider(page, 'Ulla Udenfor');
  await page.waitForURL((url) => url.href.startsWith(BASE));
  assert.match(await page.locator('body').innerText(), /giver ikke adgang til Jobspor/);
  await expectAccessible(page, 'the refused login');
});

test('the administrator sees the rules for the municipality\'s login', async () => {
  const page = await newPage(browser);
  await login(page, 'admin');
  await page.goto(`${BASE}/admin/login`);
  const text = await page.locator('main').innerText();
  assert.match(text, /jobspor-sagsbehandlere/);
  assert.match(text, /Jobspor bruger kommunens identitetsudbyder/);
  await expectAccessible(page, 'login and identity administration');
});
