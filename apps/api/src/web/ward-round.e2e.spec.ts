import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from '@poems/testing';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signInThroughProvider } from '../testing/browser';
import { type SignInTestApi, startSignInTestApi } from '../testing/sign-in-api';

const DAY = 86_400_000;
const daysAgo = (days: number, hourUtc = 0) => new Date(Math.floor(Date.now() / DAY) * DAY - days * DAY + hourUtc * 3_600_000).toISOString();

/** A clinician's ward round in a real browser: sign-in through the provider, the live inbox, a patient's charts. */
describe('the ward round in the web app', () => {
  let env: SignInTestApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const patientId = randomUUID();
  let correctedVegfId = '';
  /** A recorded moment after the history's import and before the correction. */
  let beforeCorrection = '';

  beforeAll(async () => {
    [env, browser] = await Promise.all([startSignInTestApi({ withAlerts: true, env: { CLINIC_TIME_ZONE: 'Asia/Tokyo' } }), launchBrowser()]);
    const admin = env.api.token('admin', ['admin']);
    const dex = [118, 90, 62, 34, 6].map((d) => ({ type: 'RecordDexamethasoneDose', patientId, doseMg: 18, givenAt: daysAgo(d, 1) }));
    const history = [
      { type: 'EnrollPatient', patientId, birthDate: '1955-06-01', sex: 'female', heightCm: 158, weightKg: 51, careTeam: 'haem-a', enrolledAt: daysAgo(120), name: 'Hanako Yamada', mrn: 'MRN-0042' },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 2400, unit: 'pg/mL', collectedAt: daysAgo(119, 23), specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600 },
      { type: 'RecordAssessment', patientId, kind: 'ONLS', score: 5, armScore: 2, legScore: 3, assessedAt: daysAgo(119, 2) },
      { type: 'RecordAssessment', patientId, kind: 'NERVE_CONDUCTION', nerve: 'median', side: 'right', cmapAmplitudeMv: 3.1, conductionVelocityMs: 38, assessedAt: daysAgo(119, 3) },
      { type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: daysAgo(118, 1) },
      { type: 'ChangeThalidomideDose', patientId, mgPerDay: 200, effectiveAt: daysAgo(104, 1), reason: 'no adverse effect after 2 weeks' },
      ...dex,
      { type: 'RecordAdverseEvent', patientId, term: 'constipation', grade: 1, onsetAt: daysAgo(100), resolvedAt: daysAgo(95), attribution: 'PROBABLE', actionTaken: 'DOSE_NOT_CHANGED' },
      // The safety programme and supportive care.
      { type: 'DispenseThalidomide', patientId, mgPerDay: 100, daysSupply: 28, dispensedAt: daysAgo(118) },
      { type: 'StartThromboprophylaxis', patientId, agent: 'ASPIRIN', startedAt: daysAgo(118, 2) },
      { type: 'RecordDexamethasoneDose', patientId, doseMg: 4, givenAt: daysAgo(89, 1), indication: 'SUPPORTIVE' },
      { type: 'RecordTransfusion', patientId, product: 'RED_CELLS', units: 2, givenAt: daysAgo(70) },
      { type: 'ChangeThalidomideDose', patientId, mgPerDay: 50, effectiveAt: daysAgo(50, 1), reason: 'somnolence' },
      // Another laboratory's assay, whose limit nobody knows: its own line, no limit line.
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 95, unit: 'pg/mL', collectedAt: daysAgo(45, 1), specimen: 'plasma', method: 'ELISA' },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 1500, unit: 'pg/mL', collectedAt: daysAgo(90, 1), specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600 },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 800, unit: 'pg/mL', collectedAt: daysAgo(62, 1), specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600 },
      { type: 'RecordAssessment', patientId, kind: 'ONLS', score: 4, armScore: 2, legScore: 2, assessedAt: daysAgo(60, 2) },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 450, unit: 'pg/mL', collectedAt: daysAgo(34, 1), specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600 },
      { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 68, temperatureC: 36.5, systolicMmHg: 124, diastolicMmHg: 78, assessedAt: daysAgo(34, 2) },
    ];
    const imported = await env.api.request('POST', '/v1/import', { raw: history.map((l) => JSON.stringify(l)).join('\n'), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    const stream = await env.api.infra.store.readStream(`patient-${patientId}`);
    correctedVegfId = stream.find((e) => e.type === 'LabResultRecorded' && (e.data as { value: number }).value === 800)!.eventId;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    beforeCorrection = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const corrected = await env.api.request('POST', `/v1/patients/${patientId}/corrections`, { token: admin, body: { correctsEventId: correctedVegfId, reason: 'transcription error: 820 on the lab report', value: 820 } });
    expect(corrected.status).toBe(201);
    await env.api.projectionsCaughtUp();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('signs the clinician in through the identity provider, with no token anywhere the page can reach', async () => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await signInThroughProvider(page, env.api.url, 'the demo clinician', {
      onProviderPage: async (provider) => {
        expect(await seriousAccessibilityViolations(provider)).toEqual([]);
        await screenshot(provider, 'sign-in-provider');
      },
    });
    await page.getByRole('heading', { name: 'Alert inbox' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox');
    expect(await page.evaluate('[localStorage.length, sessionStorage.length, document.cookie]')).toEqual([0, 0, '']);
    const cookies = await context.cookies(env.api.url);
    expect(cookies.find((c) => c.name === 'poems_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // No access token, ID token or code in any URL the app requested after the provider's redirect.
    expect(requested.filter((url) => url.startsWith(env.api.url) && /access_token|id_token/.test(url))).toEqual([]);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows an alert arriving live after a lab result is posted, naming the patient, and records an override with its reason', async () => {
    const before = await page.locator('tr.alert[data-rule="VEGF_REBOUND_SUSPECTED"]').count();
    expect(before).toBe(0);
    // Posted by another program (a lab feed), after the page loaded: it must arrive over the live feed.
    // One value above the limit after normal ones is a suspected rebound (a repeat would confirm it).
    const posted = await env.api.request('POST', `/v1/patients/${patientId}/lab-results`, {
      token: env.api.token('lab-feed', ['clinician'], ['haem-a']),
      body: { test: 'VEGF', value: 980, unit: 'pg/mL', collectedAt: daysAgo(1, 23), specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600 },
    });
    expect(posted.status).toBe(201);
    const row = page.locator('tr.alert[data-rule="VEGF_REBOUND_SUSPECTED"]');
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link', { name: 'Hanako Yamada' }).waitFor();
    expect(await row.textContent()).toContain('MRN-0042');
    await screenshot(page, 'inbox-live-alert');

    // Keyboard only: Override opens the reason field with focus in it; Enter on the button submits.
    await row.getByRole('button', { name: 'Override…' }).focus();
    await page.keyboard.press('Enter');
    await eventually(async () => ((await page.evaluate('document.activeElement && document.activeElement.id')) === (await row.locator('textarea').getAttribute('id')) ? true : undefined), 'focus in the reason field');
    await page.keyboard.type('Platelets high on this draw: repeat VEGF next week');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await row.locator('.acknowledged').waitFor();
    const shown = await row.locator('.acknowledged').textContent();
    expect(shown).toContain('Overridden by demo-clinician (clinician)');
    expect(shown).toContain('Platelets high on this draw: repeat VEGF next week');
    const alertId = (await row.getAttribute('data-alert-id'))!;
    const recorded = await env.api.request('GET', `/v1/alerts/${alertId}`, { token: env.api.token('aud', ['auditor']) });
    expect(recorded.body.alert.acknowledged).toMatchObject({ by: { userId: 'demo-clinician', role: 'clinician' }, outcome: 'overridden', reason: 'Platelets high on this draw: repeat VEGF next week' });
    await screenshot(page, 'inbox-acknowledged');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }, 60_000);

  it('opens the patient: the labelled VEGF chart with its upper-limit line, tables in the clinic’s time, and the record "as of" a past moment', async () => {
    await page.locator('tr.alert[data-rule="VEGF_REBOUND_SUSPECTED"]').getByRole('link', { name: 'Hanako Yamada' }).click();
    await page.getByRole('heading', { name: 'Hanako Yamada' }).waitFor();
    const vegf = page.locator('figure.vegf-chart');
    await vegf.locator('canvas').first().waitFor();
    expect(await vegf.locator('figcaption').textContent()).toContain('VEGF on a log axis, one line per assay');
    const legend = await vegf.locator('.u-legend .u-label').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['VEGF, serum RIA (pg/mL)', 'Upper limit of normal, serum RIA (600 pg/mL)', 'Corrected value', 'VEGF, plasma ELISA (pg/mL), limit unknown']));
    expect(legend.filter((label) => label.includes('plasma ELISA'))).toEqual(['VEGF, plasma ELISA (pg/mL), limit unknown']);
    expect(await page.locator('figure', { hasText: 'Doses' }).locator('.u-legend .u-label').allTextContents()).toContain('Dexamethasone, supportive dose (mg; no cycle)');
    expect(await vegf.locator('.u-axis').count()).toBeGreaterThanOrEqual(2);
    // The time of the first sample, 23:00 UTC, reads as the next morning in Tokyo, with the offset on hover.
    const firstSample = page.locator('#table-labs').locator('..').locator('tbody tr').last().locator('time');
    expect(await firstSample.getAttribute('title')).toMatch(/^Asia\/Tokyo \(UTC\+09:00\) · .* 23:00 UTC$/);
    expect(await firstSample.textContent()).toMatch(/, 08:00$/);
    expect(await page.locator('#table-labs').locator('..').getByText('corrected').count()).toBe(1);
    expect(await page.locator('#table-vitals').locator('..').locator('tbody tr').count()).toBe(1);
    const rowsOf = (table: string) => page.locator(`#table-${table}`).locator('..').locator('tbody tr');
    expect(await rowsOf('adverse-events').allTextContents()).toEqual([expect.stringMatching(/constipation.*1.*Probable.*Dose not changed/)]);
    expect(await rowsOf('adverse-events').locator('time').count()).toBe(2);
    // What the clinical work added: the schedule, the response per domain, the safety programme, supportive doses, transfusions, a documented reduction.
    expect(await rowsOf('assessment-schedule').filter({ hasText: 'ONLS' }).textContent()).toMatch(/day 168.*Upcoming/);
    expect(await page.locator('tr[data-domain="VEGF"] td').first().textContent()).not.toBe('not evaluable yet');
    expect(await page.locator('.safety-basis').textContent()).toBe('Not of childbearing potential: no pregnancy tests required (assumed: not recorded, and 55 or older at enrolment)');
    expect(await rowsOf('thalidomide-dispensings').allTextContents()).toEqual([expect.stringMatching(/100\s*28/)]);
    expect(await rowsOf('thromboprophylaxis').allTextContents()).toEqual([expect.stringContaining('Aspirin')]);
    expect(await rowsOf('thromboprophylaxis').locator('td').nth(2).textContent()).toBe('active');
    expect(await rowsOf('dexamethasone').filter({ has: page.locator('.badge.supportive') }).count()).toBe(1);
    expect(await rowsOf('transfusions').allTextContents()).toEqual([expect.stringContaining('Red cells')]);
    expect(await rowsOf('thalidomide').filter({ hasText: 'documented reduction' }).textContent()).toContain('somnolence');
    expect(await rowsOf('alerts').filter({ hasText: 'VEGF rebound suspected' }).count()).toBe(1);
    await screenshot(page, 'patient');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // As the system held it before the correction and the new sample: 800 as first recorded, no 980.
    const labRows = () => page.locator('#table-labs').locator('..').locator('tbody tr');
    expect(await labRows().count()).toBe(6);
    const tokyo = new Date(Date.parse(beforeCorrection) + 9 * 3_600_000).toISOString().slice(0, 19);
    await page.getByLabel('As the system held it at (Asia/Tokyo)').fill(tokyo);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Showing the record as held at' }).waitFor();
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(beforeCorrection);
    await eventually(async () => ((await labRows().count()) === 5 ? true : undefined), 'the as-of timeline');
    const values = await labRows().locator('td:nth-child(3)').allTextContents();
    expect(values.map((v) => v.trim())).toEqual(['450 pg/mL', '95 pg/mL', '800 pg/mL', '1500 pg/mL', '2400 pg/mL']);
    expect(await page.locator('#table-labs').locator('..').getByText('corrected').count()).toBe(0);
    await screenshot(page, 'patient-as-of');
    await page.getByRole('button', { name: 'Back to now' }).click();
    await eventually(async () => ((await labRows().count()) === 6 ? true : undefined), 'the live timeline again');
  }, 60_000);

  it('lists and searches the care team’s patients', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search by name, MRN or patient id' }).fill('yamada');
    await page.locator('tr.patient', { hasText: 'Hanako Yamada' }).waitFor();
    const row = await page.locator('tr.patient', { hasText: 'Hanako Yamada' }).textContent();
    expect(row).toMatch(/Cycle \d+, day \d+ of 28/);
    expect(row).toContain('Thalidomide + dexamethasone');
    // Next due from the schedule: the day-168 ONLS (in its window or to come) and the next regimen cycle.
    expect(row).toMatch(/ONLS: .*\d{4}/);
    expect(row).toMatch(/Dexamethasone, cycle \d+/);
    await screenshot(page, 'patients');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('takes the page down when the session has ended on the server (idle), and says why', async () => {
    await env.api.db.pool.query(`UPDATE ${env.api.db.schema}.web_sessions SET last_seen_at = now() - interval '1 day'`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your session ended' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with the hospital’s identity provider' }).count()).toBe(1);
    expect(await page.locator('tr.alert').count()).toBe(0);
    await screenshot(page, 'session-ended');
    // The provider still knows the user: signing in again is one click, back to the inbox.
    await page.getByRole('link', { name: 'Sign in with the hospital’s identity provider' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('signs out: the session ends on the server and the provider is told too', async () => {
    const cookie = (await context.cookies(env.api.url)).find((c) => c.name === 'poems_session')!.value;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('link', { name: 'Sign in with the hospital’s identity provider' }).waitFor();
    expect((await fetch(`${env.api.url}/v1/alerts`, { headers: { cookie: `poems_session=${cookie}` } })).status).toBe(401);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'signed-out');
  });
});
