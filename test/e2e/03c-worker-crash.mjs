// A worker that dies mid-fit: the fit is reported failed with the reason, the worker restarts,
// and the next fit works.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerInput, assert, contextMenuItem, explorerRow, notificationText, runCommand } from './_helpers.mjs';

export const name = 'worker killed mid-fit → job reported failed, worker restarted, next fit works';

async function fit(page, file, label = 'Fit Scaling Law') {
  const row = explorerRow(page, file);
  await row.waitFor({ timeout: 20_000 });
  await row.click({ button: 'right' });
  await contextMenuItem(page, label);
}

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  // A fit long enough to be killed while it runs (a 20-point fit takes well under a second):
  // the same runs with 100 000 bootstrap resamples (the most a fit may ask for), chosen through "Fit with Options…".
  writeFileSync(join(ctx.workspace, 'long-fit.csv'), 'N,D,loss\n' + ctx.csvRows.map((r) => `${r.N},${r.D},${r.loss}`).join('\n') + '\n');
  await fit(page, 'long-fit.csv', 'Fit Scaling Law with Options…');
  await page.locator('.quick-input-widget', { hasText: 'law (1/4)' }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await answerInput(page, '', 'derived columns');
  await answerInput(page, '', 'filter rows');
  await answerInput(page, '100000', 'bootstrap resamples');
  await page.locator('.notifications-toasts', { hasText: 'Fitting long-fit.csv' }).first().waitFor({ timeout: 20_000 });
  await runCommand(page, 'Scaling Laws: Restart Background Worker (developer)');
  const failed = await notificationText(page, /fit of long-fit\.csv failed/, 60_000);
  assert(/stopped unexpectedly \(exit code 70\)/.test(failed), `failure reason: ${failed}`);
  await notificationText(page, /worker restarted \(pid \d+\)/, 30_000);
  await page.waitForTimeout(500);
  await ctx.shot('03c-worker-crash-reported');
  const failures = () => page.locator('.notifications-toasts .notification-toast', { hasText: /failed/ }).count();
  const before = await failures();
  await fit(page, 'runs.csv');
  const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'Fitting runs.csv' }).first();
  await progress.waitFor({ timeout: 20_000 }).catch(() => undefined); // may already be gone: fits are fast
  await progress.waitFor({ state: 'hidden', timeout: 180_000 });
  assert((await failures()) <= before, 'the fit after the restart succeeded');
  await ctx.webview().locator('#kit-status', { hasText: /fitted on 20 points/ }).waitFor({ timeout: 30_000 });
  ctx.log(failed.replace(/\s+/g, ' ').slice(0, 200));
}
