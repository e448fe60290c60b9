import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '../../../..');
/** Screenshots of every browser test, kept as artefacts (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots');

/** Debian's Chromium, headless (playwright-core downloads no browser). One per test file. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

let axeSource: string | undefined;

/**
 * axe-core's serious and critical violations on the page as it stands (WCAG 2.1 A/AA rules and
 * best practices). axe is evaluated through the DevTools protocol, so the page's CSP stays as served.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<Array<{ id: string; impact: string; help: string; targets: string[] }>> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Signs in through the identity provider's page as a browser user does: the app's button, then the demo user's. */
export async function signInThroughProvider(page: Page, appUrl: string, userLabel: string, options: { onProviderPage?: (page: Page) => Promise<void> } = {}): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByRole('link', { name: 'Sign in with the hospital’s identity provider' }).click();
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${userLabel}`) }).waitFor();
  await options.onProviderPage?.(page);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${userLabel}`) }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
