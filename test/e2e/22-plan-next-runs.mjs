// "Plan Next Runs…" on the active fit's log: budget, number of runs and target asked in turn; the
// panel lists the designed runs with reasons and the interval widths (now / designed / naive), and
// equals `scaling-laws design` with the same flags (the command the panel prints).
import { join } from 'node:path';
import { answerInput, assert, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'Plan Next Runs…: designed runs and widths equal to scaling-laws design';

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  await runCommand(page, 'Scaling Laws: Plan Next Runs…');
  const file = join(ctx.workspace, 'runs.csv');
  const opened = await page.locator('.quick-input-widget', { hasText: 'Experiment budget' }).first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
  if (!opened) {
    // No active fit in this window (journey run alone): the file dialog asks for the log.
    await answerInput(page, file);
  }
  await answerInput(page, '3e20', 'Experiment budget');
  await answerInput(page, '3', 'How many new runs');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Compute-optimal N at a budget' }).first().click();
  await answerInput(page, '1e22', 'Target budget');
  const t0 = Date.now();
  const panel = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await panel.locator('#design-runs').waitFor({ timeout: 240_000 });
  await panel.locator('#plot-design-nd .main-svg').first().waitFor({ timeout: 30_000 });
  ctx.log(`Plan Next Runs: fit + bootstrap + design in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await ctx.shot('22-plan-next-runs');
  const ratio = Number(await panel.locator('#designed-vs-naive').textContent());
  const runs = await panel.locator('#design-runs tbody tr').count();
  const cli = JSON.parse(ctx.cli(['design', file, '--budget-flops', '3e20', '--k', '3', '--target-compute', '1e22', '--bootstrap', String(ctx.settings['scalingLaws.fit.bootstrap']), '--seed', '0', '--json', '--quiet']));
  assert(runs === cli.runs.length, `panel ${runs} runs vs CLI ${cli.runs.length}`);
  assert(ratio === Number(cli.width.designedVsNaive.toFixed(2)), `designed/naive ${ratio} vs CLI ${cli.width.designedVsNaive}`);
  const firstN = await panel.locator('#design-runs tbody tr').first().locator('td').nth(1).getAttribute('title');
  assert(Number(firstN) === cli.runs[0].N, `first run N ${firstN} vs CLI ${cli.runs[0].N}`);
  const shown = await panel.locator('#cli-command').textContent();
  assert(shown.includes('scaling-laws design') && shown.includes('--budget-flops'), `the panel prints its command: ${shown}`);
  // Leave one editor group: later journeys look for the one visible webview.
  await runCommandRetry(page, 'View: Close All Editor Groups');
}
