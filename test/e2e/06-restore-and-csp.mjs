// Reload the window: the results panel restores from its saved state. No CSP violation anywhere.
import { assert, chooseFromContextMenu, cspViolations, explorerRow, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'panel restores after reload; no CSP violation in the console';

export async function run(ctx) {
  const { page } = ctx;
  const before = cspViolations(ctx.consoleLines);
  assert(before.length === 0, `CSP violations: ${JSON.stringify(before.slice(0, 3))}`);
  // A results panel to restore: the one an earlier journey left open, else a fit of runs.csv now.
  if ((await page.locator('.tab', { hasText: 'Scaling law:' }).count()) === 0) {
    await runCommandRetry(page, 'View: Close All Editor Groups'); // one webview on screen
    await chooseFromContextMenu(page, explorerRow(page, 'runs.csv'), 'Fit Scaling Law');
    await ctx.webview().locator('#params td[data-param="E"]').waitFor({ timeout: 180_000 });
  }
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
