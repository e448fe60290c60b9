import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('the dashboard in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  const patientId = randomUUID();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH`);
    api = await startTestApi({ withAlerts: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('lists alerts live, opens the patient’s timeline and acknowledges an alert', async () => {
    const token = api.token('dr-web', ['clinician'], ['haem-w']);
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${api.url}/`);
    await page.fill('#token', token);
    await page.press('#token', 'Enter');
    await page.waitForSelector('#status:has-text("0 alerts")');

    const history = [
      { type: 'EnrollPatient', patientId, birthDate: '1967-01-01', sex: 'female', heightCm: 158, weightKg: 51, careTeam: 'haem-w', enrolledAt: daysAgo(30), name: 'Web Test Patient' },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'APHERESIS', occurredAt: daysAgo(20), cd34PerKg: 1.1 },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 3200, unit: 'pg/mL', collectedAt: daysAgo(29) },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 2100, unit: 'pg/mL', collectedAt: daysAgo(10) },
    ];
    const imported = await api.request('POST', '/v1/import', { raw: history.map((line) => JSON.stringify(line)).join('\n'), token, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    await eventually(async () => {
      await api.projectionsCaughtUp();
      return true;
    }, 'projections');

    // Arrives over the server-sent-events feed, without a reload.
    const row = page.locator('tr.alert', { hasText: 'LOW_CD34_YIELD' });
    await row.waitFor({ timeout: 20_000 });
    await row.locator('td').first().click();
    await page.waitForSelector('#timeline h3:has-text("Web Test Patient")');
    expect(await page.locator('#timeline svg polyline').count()).toBe(1);

    await row.locator('button', { hasText: 'Accept' }).click();
    await page.locator('tr.alert', { hasText: 'LOW_CD34_YIELD' }).locator('td', { hasText: 'ACKNOWLEDGED' }).waitFor({ timeout: 10_000 });

    // The token stayed in the script's memory: not in the address bar, storage, the form or any URL requested.
    expect(page.url()).toBe(`${api.url}/`);
    expect(await page.evaluate('[localStorage.length, sessionStorage.length, document.cookie]')).toEqual([0, 0, '']);
    expect(await page.inputValue('#token')).toBe('');
    expect(requested.filter((url) => url.includes(token.split('.')[2]!))).toEqual([]);
    expect(requested.some((url) => /\/v1\/alerts\/stream\?ticket=[\w-]{43}/.test(url))).toBe(true);
    await page.close();
  }, 60_000);

  it('ignores a token put in the address and clears it from there', async () => {
    const token = api.token('dr-link', ['clinician'], ['haem-w']);
    const page = await browser.newPage();
    await page.goto(`${api.url}/?token=${token}`);
    await page.waitForSelector('#status:has-text("not used")');
    expect(page.url()).toBe(`${api.url}/`);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await page.close();
  });
});
