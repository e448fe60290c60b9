import { readFileSync } from 'node:fs';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signInThroughProvider } from '../testing/browser';
import { type SignInTestApi, startSignInTestApi } from '../testing/sign-in-api';

/** The researcher's figures, the auditor's checks and the admin's reach, on the demo cohort, in a real browser. */
describe('the study’s figures and the audit in the web app', () => {
  let env: SignInTestApi;
  let browser: Browser;
  const cohort = generateCohort({ endDate: new Date().toISOString().slice(0, 10) });
  const signedIn = async (label: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signInThroughProvider(page, env.api.url, label);
    return page;
  };

  beforeAll(async () => {
    [env, browser] = await Promise.all([startSignInTestApi({ withProjections: true }), launchBrowser()]);
    const imported = await env.api.request('POST', '/v1/import', { raw: toNdjson(cohort.commands), token: env.api.token('admin', ['admin']), headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    await env.api.projectionsCaughtUp();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows a researcher Figures 1 and 2: a line per pseudonymous patient, 21 and 15, with the response counts and the exports', async () => {
    const page = await signedIn('the demo researcher');
    expect(new URL(page.url()).pathname).toBe('/cohort');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Cohort']);
    const lines = async (arm: string) => (await page.locator(`figure.cohort-figure[data-arm="${arm}"] .u-legend .u-label`).allTextContents()).filter((label) => /^P-[0-9a-f]{16}$/.test(label));
    await page.locator('figure.cohort-figure[data-arm="THALIDOMIDE_DEXAMETHASONE"] canvas').first().waitFor();
    expect(await lines('AUTO_PBSCT')).toHaveLength(21);
    expect(await lines('THALIDOMIDE_DEXAMETHASONE')).toHaveLength(15);
    for (const arm of ['AUTO_PBSCT', 'THALIDOMIDE_DEXAMETHASONE']) {
      const legend = await page.locator(`figure.cohort-figure[data-arm="${arm}"] .u-legend .u-label`).allTextContents();
      expect(legend).toEqual(expect.arrayContaining(['Median', 'Lower quartile', 'Upper quartile', 'Upper limit of normal (600 pg/mL)']));
    }
    expect(await page.locator('figure.cohort-figure figcaption').first().textContent()).toContain('Figure 1.');
    const thalidomide = await page.locator('tr[data-arm="THALIDOMIDE_DEXAMETHASONE"] td').allTextContents();
    expect(thalidomide).toEqual(['12', '3', '0', '0']);
    // No identity reaches the page.
    const text = (await page.textContent('body'))!;
    expect(cohort.patients.filter((p) => text.includes(p.name) || text.includes(p.mrn))).toEqual([]);
    await screenshot(page, 'cohort');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export VEGF series (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('research-vegf-series.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('pseudo_id,arm,series,month,days_since_start,vegf_pg_ml,upper_limit_pg_ml');
    const exported = await env.api.infra.accessLog.find({ actor: 'demo-researcher' });
    expect(exported.map((e) => e.action)).toEqual(expect.arrayContaining(['export-research-vegf-series-csv', 'read-research-vegf-series', 'read-research-responses']));
    await page.context().close();
  }, 60_000);

  it('lets an auditor verify the log, replay a patient as of a recorded and a clinical time, and browse the access log', async () => {
    const page = await signedIn('the demo auditor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Verify now' }).click();
    const verdict = page.locator('.verify-result');
    await verdict.waitFor({ timeout: 30_000 });
    expect(await verdict.locator('.verdict').textContent()).toBe('Intact: every hash, chain and seal checks out.');
    const checked = await verdict.locator('dd').first().textContent();
    expect(Number(checked)).toBeGreaterThan(5000);

    const patient = cohort.patients[0]!;
    await page.locator('#replay-patient').selectOption({ label: `${patient.name} (${patient.id.slice(0, 8)})` });
    await page.locator('#replay-moment').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Replay' }).click();
    const all = await page.locator('.replay-result').getByRole('status').textContent();
    const stored = Number(/^(\d+) events recorded up to/.exec(all!)?.[1]);
    expect(stored).toBeGreaterThan(10);
    // As of a clinical time: only what had happened by the end of the first month, as known now.
    const enrolled = cohort.commands.find((c) => c.type === 'EnrollPatient' && c.patientId === patient.id) as { enrolledAt: string };
    const monthLater = new Date(Date.parse(enrolled.enrolledAt) + 30 * 86_400_000).toISOString().slice(0, 16);
    await page.getByLabel('a clinical time (what had happened, as known now)').check();
    await page.locator('#replay-moment').fill(monthLater);
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.locator('.replay-result').getByRole('status').filter({ hasText: 'with a clinical time up to' }).waitFor();
    const early = Number(/^(\d+) events/.exec((await page.locator('.replay-result').getByRole('status').textContent())!)?.[1]);
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(stored);

    await page.getByLabel('User').fill('demo-researcher');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.access-log tbody tr', { hasText: 'export-research-vegf-series-csv' }).waitFor();
    await screenshot(page, 'audit');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('gives an admin every page, and each page passes axe', async () => {
    const page = await signedIn('the demo admin');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Inbox', 'Patients', 'Cohort', 'Audit']);
    for (const [link, heading] of [['Inbox', 'Alert inbox'], ['Patients', 'Patients'], ['Cohort', 'Cohort: the study’s figures']] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ page: link, violations: await seriousAccessibilityViolations(page) }).toEqual({ page: link, violations: [] });
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await page.locator('tr.patient').first().waitFor();
    expect(await page.locator('tr.patient').count()).toBe(25);
    await screenshot(page, 'patients-admin');
    await page.context().close();
  }, 60_000);
});
