// Reload the window: the results panel restores from its saved state. No CSP violation anywhere.
import { assert, cspViolations, runCommand } from './_helpers.mjs';

export const name = 'panel restores after reload; no CSP violation in the console';

export async function run(ctx) {
  const { page } = ctx;
  const before = cspViolations(ctx.consoleLines);
  assert(before.length === 0, `CSP violations: ${JSON.stringify(before.slice(0, 3))}`);
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  const wv = page.frameLocator('iframe.webview.ready >> nth=0').frameLocator('#active-frame');
  await page.locator('.tab', { hasText: 'Scaling law:' }).first().click({ timeout: 60_000 });
  await ctx.webview().locator('#params td[data-param="E"]').waitFor({ timeout: 60_000 });
  await ctx.webview().locator('#plot-N .main-svg').first().waitFor({ timeout: 30_000 });
  void wv;
  await ctx.shot('06-restored-after-reload');
  const after = cspViolations(ctx.consoleLines);
  assert(after.length === 0, `CSP violations: ${JSON.stringify(after.slice(0, 3))}`);
}
