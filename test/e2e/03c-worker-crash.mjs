// A worker that dies mid-fit: the fit is reported failed with the reason, the worker restarts,
// and the next fit works.
import { assert, contextMenuItem, explorerRow, notificationText, runCommand } from './_helpers.mjs';

export const name = 'worker killed mid-fit → job reported failed, worker restarted, next fit works';

async function fitRuns(page) {
  const row = explorerRow(page, 'runs.csv');
  await row.click({ button: 'right' });
  await contextMenuItem(page, 'Fit Scaling Law');
}

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  await fitRuns(page);
  await page.locator('.notifications-toasts', { hasText: 'Fitting runs.csv' }).first().waitFor({ timeout: 20_000 });
  await runCommand(page, 'Scaling Laws: Restart Background Worker (developer)');
  const failed = await notificationText(page, /fit of runs\.csv failed/, 60_000);
  assert(/stopped unexpectedly \(exit code 70\)/.test(failed), `failure reason: ${failed}`);
  await notificationText(page, /worker restarted \(pid \d+\)/, 30_000);
  await page.waitForTimeout(500);
  await ctx.shot('03c-worker-crash-reported');
  const failures = () => page.locator('.notifications-toasts .notification-toast', { hasText: /failed/ }).count();
  const before = await failures();
  await fitRuns(page);
  const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'Fitting runs.csv' }).first();
  await progress.waitFor({ timeout: 20_000 });
  await progress.waitFor({ state: 'hidden', timeout: 180_000 });
  assert((await failures()) <= before, 'the fit after the restart succeeded');
  await ctx.webview().locator('#status', { hasText: /fitted on 20 points/ }).waitFor({ timeout: 30_000 });
  ctx.log(failed.replace(/\s+/g, ' ').slice(0, 200));
}
