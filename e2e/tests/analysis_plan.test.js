// The whole analysis-to-plan flow in the browser: the caseworker books the team,
// psychologist, physiotherapist and nurse write notes and ICF-coded focus areas,
// the conference is recorded and signed, a plan gets two parallel interventions
// (one in Sundhedscenter), the provider sees only their assignment, and after
// consent is revoked the provider's page answers 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, login, expectAccessible, newPage } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const run = Date.now();
const citizen = `Flow Testesen ${run % 100000}`;

function cpr() {
  const day = String((run % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(run / 28) % 12) + 1).padStart(2, '0');
  return `${day}${month}8${run % 10}-${String(Math.floor(run / 7) % 4000).padStart(4, '0')}`;
}

/** yyyy-mm-dd some days ahead, varied per run so reruns do not clash. */
function ahead(days) {
  const d = new Date(Date.now() + (days + (Math.floor(run / 1000) % 400)) * 86400000);
  return d.toISOString().slice(0, 10);
}

async function createCourse(page) {
  await page.getByRole('link', { name: 'Opret borger' }).click();
  await page.getByLabel('CPR-nummer').fill(cpr());
  await page.getByLabel('Navn').fill(citizen);
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/borgere\/[0-9a-f-]+/);
  await page.getByRole('link', { name: 'Opret forløb' }).click();
  await page.getByLabel('Målgruppe').selectOption('sygedagpenge');
  await page.getByLabel('Kategori').selectOption('kategori_2');
  // Sickness-benefit follow-up is counted from the first day of absence.
  await page.getByLabel('Første fraværsdag').fill(new Date(Date.now() - 21 * 86400000).toISOString().slice(0, 10));
  await page.getByLabel('Forløbsramme').fill('Udviklingsforløb for sygedagpengemodtagere');
  await page.getByLabel('Overordnet beskæftigelsesmål').fill('Tilbage i job som lagermedarbejder');
  await page.getByRole('button', { name: 'Opret' }).click();
  await page.waitForURL(/\/forloeb\/[0-9a-f-]+\/historik$/);
  return page.url().replace(/\/historik$/, '');
}

const team = [
  { user: 'psykolog', name: 'Pia Psykolog', time: '09:00', code: 'b152', q: '.2', note: 'E2E-angst i sociale situationer begrænser deltagelsen i arbejde.' },
  { user: 'fysioterapeut', name: 'Frank Fysioterapeut', time: '10:30', code: 'b28013', q: '.3', note: 'E2E-smerter i ryggen ved løft over 10 kg.' },
  { user: 'sygeplejerske', name: 'Sofie Sygeplejerske', time: '13:00', code: 'b130', q: '.1', note: 'E2E-søvnen er afbrudt de fleste nætter.' },
];

test('analysis, conference, plan, provider and consent in one flow', async () => {
  const cw = await newPage(browser);
  await login(cw, 'sagsbehandler');
  const course = await createCourse(cw);

  // The caseworker books a conversation with each team member.
  await cw.goto(`${course}/konference`);
  for (const t of team) {
    const option = await cw.locator('#b-who option', { hasText: t.name }).getAttribute('value');
    await cw.locator('#b-who').selectOption(option);
    await cw.locator('#b-date').fill(ahead(20));
    await cw.locator('#b-time').fill(t.time);
    await cw.locator('#b-loc').fill('Jobcentret, lokale 3');
    await cw.getByRole('button', { name: 'Book samtale' }).click();
    await cw.waitForURL(/\/konference$/);
  }
  const booked = await cw.locator('table.list').first().innerText();
  for (const t of team) assert.match(booked, new RegExp(t.name));
  await expectAccessible(cw, 'conversations and conference');

  // Each professional writes a note and an ICF-coded focus area.
  for (const t of team) {
    const p = await newPage(browser);
    await login(p, t.user);
    // They were told of the booking, with the citizen, time and place.
    await p.goto(`${BASE}/beskeder`);
    const told = p.locator('#messages li', { hasText: 'har booket en samtale med dig om' }).first();
    await assert.doesNotReject(told.waitFor());
    assert.match(await told.innerText(), /Jobcentret, lokale 3/);
    if (t.user === 'psykolog') await expectAccessible(p, 'messages');
    await p.getByRole('button', { name: /Markér alle som læst/ }).click();
    await p.waitForURL(/\/beskeder$/);
    assert.equal(await p.locator('#messages .badge').count(), 0);
    await p.goto(`${course}/analyse`);
    await p.locator('#a-lim').fill(t.note);
    await p.locator('#a-res').fill('E2E-motiveret og mødestabil');
    await p.locator('#a-int').fill(t.user === 'fysioterapeut' ? 'Smertehåndteringsforløb' : 'Mentorhus');
    await p.getByRole('button', { name: 'Gem' }).click();
    await p.waitForURL(/\/analyse$/);
    await p.goto(`${course}/fokusomraader`);
    if (t.user === 'psykolog') {
      // The ICF lookup finds the code by words and fills it in.
      await p.locator('#icf-q').fill('følelsesmæssige');
      await p.locator('#icf-lookup').getByRole('button', { name: 'Søg' }).click();
      await p.locator('#icf-hits tr', { hasText: 'b152' }).getByRole('link', { name: /Brug koden/ }).click();
      assert.equal(await p.locator('#n-code').inputValue(), 'b152');
      await expectAccessible(p, 'ICF lookup');
    }
    await p.locator('#n-comp').selectOption('b');
    await p.locator('#n-desc').fill(`E2E-fokus fra ${t.user}`);
    if (t.user === 'psykolog') {
      // A code that does not exist is refused, and nothing typed is lost.
      await p.locator('#n-code').fill('b9999');
      await p.locator('#n-q').fill(t.q);
      await p.locator('#n-prio').selectOption('1');
      await p.getByRole('button', { name: 'Tilføj fokusområde' }).click();
      await assert.doesNotReject(p.getByRole('alert').waitFor());
      assert.equal(await p.locator('#n-desc').inputValue(), `E2E-fokus fra ${t.user}`);
      assert.equal(await p.locator('#n-code').inputValue(), 'b9999');
      assert.equal(await p.locator('#n-prio').inputValue(), '1');
      await expectAccessible(p, 'refused focus area with the typed text kept');
    }
    await p.locator('#n-code').fill(t.code);
    await p.locator('#n-q').fill(t.q);
    await p.getByRole('button', { name: 'Tilføj fokusområde' }).click();
    await p.waitForURL(/\/fokusomraader$/);
    assert.match(await p.locator('table.list').innerText(), new RegExp(`${t.code}\\${t.q}`));
    if (t.user === 'psykolog') await expectAccessible(p, 'focus areas');
    await p.context().close();
  }

  // The notes side by side, and the agenda made from them.
  await cw.goto(`${course}/analyse`);
  const notes = await cw.locator('.side-by-side').innerText();
  for (const t of team) assert.ok(notes.includes(t.note), `${t.user}'s note shown`);
  await cw.goto(`${course}/konference`);
  const agenda = await cw.locator('ol.agenda').innerText();
  for (const label of ['Psykolog (Pia Psykolog)', 'Fysioterapeut (Frank Fysioterapeut)', 'Sygeplejerske (Sofie Sygeplejerske)', 'b28013.3']) {
    assert.ok(agenda.includes(label), `agenda has ${label}`);
  }

  // Schedule, record and sign the conference.
  await cw.locator('#k-date').fill(ahead(30));
  await cw.locator('#k-time').fill('14:00');
  await cw.locator('#k-loc').fill('Mødelokale 1');
  for (const t of team) await cw.getByLabel(new RegExp(t.name)).check();
  await cw.getByRole('button', { name: 'Planlæg konference' }).click();
  await cw.waitForURL(/\/konference$/);
  await cw.locator('#k-goal').fill('Tilbage i job som lagermedarbejder, 25 timer om ugen');
  await cw.locator('#k-agreed').fill('Smertehåndteringsforløb: E2E-kan løfte 10 kg uden smerter\nMentorhus: E2E-møder stabilt op tre dage om ugen');
  await cw.locator('#k-words').fill('E2E-jeg vil gerne tilbage, men i mit eget tempo');
  await cw.getByLabel('Borgeren er enig i planen').check();
  await cw.getByRole('button', { name: 'Gem referat' }).click();
  await cw.waitForURL(/\/konference$/);
  await cw.getByRole('button', { name: 'Underskriv referatet' }).click();
  // A page of its own asks first, says what signing means, and (the
  // conference being ahead) why it is signed before; no JavaScript needed.
  await assert.doesNotReject(cw.getByRole('heading', { level: 1, name: 'Underskriv referatet?' }).waitFor());
  await expectAccessible(cw, 'confirm signing');
  await cw.getByLabel('Begrundelse for at underskrive før konferencen').fill('E2E: borgeren starter i job før mødet');
  await cw.getByRole('button', { name: 'Ja, underskriv referatet' }).click();
  await cw.waitForURL(/\/konference$/);
  assert.match(await cw.locator('.notice').innerText(), /Underskrevet af Sanne Sagsbehandler/);
  await expectAccessible(cw, 'signed conference record');

  // The samlet beskrivelse gathers the analysis and the conference; the
  // sundhedskoordinator's advice is asked for from the same page.
  await cw.getByRole('navigation', { name: 'Forløbsmenu' }).getByRole('link', { name: 'Samlet beskrivelse' }).click();
  await cw.waitForURL(/\/samlet-beskrivelse$/);
  const description = await cw.locator('main').innerText();
  for (const part of ['Samlet beskrivelse af borgerens forudsætninger', 'Konferencereferatet er underskrevet af Sanne Sagsbehandler',
    'Tilbage i job som lagermedarbejder', 'E2E-jeg vil gerne tilbage', 'b28013.3', 'Indsatsplanen mod beskæftigelsesmålet', ...team.map((t) => t.note)]) {
    assert.ok(description.includes(part), `the description has ${part}`);
  }
  await cw.getByLabel('Spørgsmål til sundhedskoordinatoren').fill('E2E-hvilke skånehensyn skal et job tage?');
  await cw.getByRole('button', { name: 'Registrér anmodningen' }).click();
  await cw.waitForURL(/\/samlet-beskrivelse$/);
  assert.match(await cw.locator('main').innerText(), /Anmodet[\s\S]*E2E-hvilke skånehensyn/);
  await expectAccessible(cw, 'samlet beskrivelse');
  const described = await cw.request.get(`${course}/samlet-beskrivelse.pdf`);
  assert.equal(described.status(), 200);
  assert.equal(described.headers()['content-type'], 'application/pdf');

  // Consent for Sundhedscenter, then the plan with two parallel interventions.
  await cw.getByRole('navigation', { name: 'Forløbsmenu' }).getByRole('link', { name: 'Samtykke' }).click();
  const unit = await cw.locator('#k-unit option', { hasText: 'Sundhedscenter' }).getAttribute('value');
  await cw.locator('#k-unit').selectOption(unit);
  await cw.getByLabel('Omfang (hvilke oplysninger)').fill('Indsatsmål, datoer og kontaktoplysninger');
  await cw.getByLabel('Formål').fill('Smertehåndteringsforløb');
  await cw.getByLabel('Gælder til').fill(ahead(200));
  await cw.getByRole('button', { name: 'Registrér samtykke' }).click();
  await cw.waitForURL(/\/samtykke$/);
  assert.match(await cw.locator('table.list').innerText(), /Sundhedscenter[\s\S]*Gældende/);
  await expectAccessible(cw, 'consent');

  for (const [name, goal] of [['Smertehåndteringsforløb', 'E2E-kan løfte 10 kg uden smerter'], ['Mentorhus', 'E2E-møder stabilt op tre dage om ugen']]) {
    await cw.goto(`${course}/indsatsplan`);
    // What the conference agreed fills the form: nobody types it again.
    await cw.locator('ul.agreed li', { hasText: name }).getByRole('link', { name: /Læg i planen/ }).click();
    assert.equal(await cw.locator('#p-goal').inputValue(), goal);
    assert.match(await cw.locator('#p-int option:checked').innerText(), new RegExp(`^${name}`));
    if (name === 'Smertehåndteringsforløb') await expectAccessible(cw, 'plan filled from the conference');
    await cw.locator('#p-start').fill(ahead(35));
    await cw.locator('#p-end').fill(ahead(120));
    await cw.locator('#p-first').fill(ahead(50));
    await cw.getByRole('button', { name: 'Tilføj til planen' }).click();
    await cw.waitForURL(/\/indsatsplan$/);
  }
  const plan = await cw.getByRole('table', { name: 'Indsatsplan' }).innerText();
  assert.match(plan, /Smertehåndteringsforløb[\s\S]*Sundhedscenter/);
  assert.match(plan, /Mentorhus[\s\S]*Jobcenter/);
  await expectAccessible(cw, 'intervention plan');
  const pdf = await cw.request.get(`${course}/indsatsplan.pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');

  // The provider in Sundhedscenter sees this assignment, and only theirs.
  const udf = await newPage(browser);
  await login(udf, 'udfoerer');
  await udf.waitForURL(/\/indbakke$/);
  assert.match(await udf.locator('.inbox').innerText(), new RegExp(`${citizen}[\\s\\S]*E2E-kan løfte 10 kg`));
  await expectAccessible(udf, 'provider inbox');
  await udf.goto(`${BASE}/deltagere`);
  const mine = udf.locator('table.list tbody tr', { hasText: citizen });
  assert.equal(await mine.count(), 1, 'one assignment for this citizen');
  assert.match(await mine.innerText(), /Smertehåndteringsforløb/);
  assert.doesNotMatch(await mine.innerText(), /Mentorhus/);
  await mine.getByRole('link', { name: citizen }).click();
  await udf.waitForURL(/\/deltagere\/[0-9a-f-]+$/);
  const participant = udf.url();
  const shown = await udf.locator('main').innerText();
  assert.ok(!shown.includes('E2E-angst') && !shown.includes(cpr().slice(0, 6)), 'no health notes, no CPR');
  await expectAccessible(udf, 'participant');
  assert.equal((await udf.goto(`${course}/analyse`)).status(), 404, 'never the notes');

  // Progression: the provider agrees a goal with a baseline and rates it.
  await udf.goto(participant);
  await udf.getByText(/Nyt progressionsmål/).click();
  await udf.locator('input[name="question"]').fill('Hvor godt kan du løfte 10 kg i dag?');
  await udf.locator('input[name="baseline_citizen"]').fill('2');
  await udf.locator('input[name="baseline_provider"]').fill('3');
  await udf.getByRole('button', { name: 'Tilføj mål' }).click();
  await udf.waitForURL(participant);
  await udf.getByLabel(/Din vurdering/).fill('2.5');
  await udf.getByRole('button', { name: /Gem vurdering/ }).click();
  assert.match(await udf.getByRole('alert').innerText(), /helt tal fra 0 til 10/);
  // The intervention starts in five weeks: nothing can be measured before then.
  await udf.getByLabel(/Din vurdering/).fill('5');
  await udf.getByRole('button', { name: /Gem vurdering/ }).click();
  assert.match(await udf.getByRole('alert').innerText(), /før indsatsen begyndte/);
  const baseline = await udf.locator('table.data').first().innerText();
  assert.match(baseline, /2\s+3/, 'the baselines: citizen 2, provider 3');
  await expectAccessible(udf, 'participant with progression');

  // The caseworker sees the chart and the table, and rates the employment goal.
  await cw.goto(`${course}/progression`);
  assert.equal(await cw.locator('svg.chart[role="img"]').count() >= 2, true);
  assert.match(await cw.locator('main').innerText(), /Hvor godt kan du løfte 10 kg i dag\?/);
  await cw.locator('#e-v').fill('4');
  await cw.getByRole('button', { name: 'Gem vurdering' }).first().click();
  await cw.waitForURL(/\/progression$/);
  await expectAccessible(cw, 'progression');

  // Revoking the consent takes effect at once.
  await cw.getByRole('navigation', { name: 'Forløbsmenu' }).getByRole('link', { name: 'Samtykke' }).click();
  await cw.getByRole('button', { name: /Tilbagekald\s*:\s*Sundhedscenter/ }).click();
  await assert.doesNotReject(cw.getByText('Samtykket til Sundhedscenter tilbagekaldes nu.').waitFor());
  await cw.getByRole('button', { name: 'Ja, tilbagekald samtykket' }).click();
  await cw.waitForURL(/\/samtykke$/);
  assert.match(await cw.locator('table.list').innerText(), /Tilbagekaldt/);
  assert.equal((await udf.goto(participant)).status(), 404);
  await udf.goto(`${BASE}/deltagere`);
  assert.equal(await udf.locator('table.list tbody tr', { hasText: citizen }).count(), 0);
  await cw.close();
  await udf.close();
});
