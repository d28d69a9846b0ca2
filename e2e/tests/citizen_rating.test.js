// The citizen rates their own progress through a one-time link on a phone,
// without seeing the provider's ratings; the link works once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a provider makes a rating link and the citizen uses it once', async () => {
  const udf = await newPage(browser);
  await login(udf, 'udfoerer');
  await udf.goto(`${BASE}/deltagere`);
  // A demo participant with a progression goal under way.
  const links = await udf.locator('table.list tbody a').evaluateAll((as) => as.map((a) => a.href));
  let made = false;
  for (const href of links) {
    await udf.goto(href);
    const button = udf.getByRole('button', { name: /Lav link til borgerens vurdering/ });
    if (await button.count() === 0) continue;
    await button.click();
    made = true;
    break;
  }
  assert.ok(made, 'a demo participant has goals');
  const path = await udf.locator('main .card a').innerText();
  assert.match(path, /^\/m\/[A-Za-z0-9_-]+$/);
  await udf.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const phone = await context.newPage();
  await phone.goto(`${BASE}${path}`);
  await assert.doesNotReject(phone.getByRole('heading', { name: 'Din egen vurdering' }).waitFor());
  const text = await phone.locator('main').innerText();
  assert.ok(!/Udfører/.test(text), 'no provider ratings on the citizen page');
  await expectAccessible(phone, 'citizen rating link');
  for (const group of await phone.locator('fieldset').all()) {
    await group.getByLabel('7', { exact: true }).check();
  }
  await phone.getByLabel('Kommentar').fill('E2E-det går bedre');
  await phone.getByRole('button', { name: 'Send' }).click();
  await assert.doesNotReject(phone.getByText('Din vurdering er gemt').waitFor());
  const again = await phone.goto(`${BASE}${path}`);
  assert.equal(again.status(), 410);
  assert.match(await phone.locator('main').innerText(), /allerede brugt/);
  await context.close();
});
