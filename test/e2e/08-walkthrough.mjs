// The "Get started with Scaling Laws" walkthrough: it opens, its first button opens the example
// runs shipped with the extension, and Fit Scaling Law on that open file makes it the active fit.
import { assert, runCommand } from './_helpers.mjs';

export const name = 'Get started walkthrough: open the example runs, fit them';

export async function run(ctx) {
  const { page } = ctx;
  await runCommand(page, 'Welcome: Open Walkthrough...');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('Get started with Scaling Laws');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Scaling Laws' }).first().click();
  const step = page.locator('.getting-started-step', { hasText: 'Open the example runs' }).first();
  await step.waitFor({ timeout: 20_000 });
  for (const title of ['Fit a scaling law', 'Read the results', 'Ask for a prediction']) {
    assert(await page.locator('.getting-started-step', { hasText: title }).count() > 0, `walkthrough step '${title}'`);
  }
  await step.click();
  await page.waitForTimeout(500);
  await ctx.shot('08a-walkthrough');
  await page.locator('.getting-started-step a, .getting-started-step button', { hasText: 'Open Example Runs' }).first().click();
  await page.locator('.tab', { hasText: 'chinchilla-runs.csv' }).first().waitFor({ timeout: 20_000 });
  await runCommand(page, 'Scaling Laws: Fit Scaling Law');
  await page.locator('.statusbar-item', { hasText: 'chinchilla: chinchilla-runs.csv' }).first().waitFor({ timeout: 180_000 }); // the active fit, once the fit ends
  // The results panel for the screenshot (other journeys' panels may be open too: not an assertion).
  await ctx.webview().locator('#params td[data-param="E"]').waitFor({ timeout: 60_000 }).catch(() => ctx.log('(results panel still loading at the screenshot)'));
  await page.waitForTimeout(500);
  await ctx.shot('08b-walkthrough-fitted');
  ctx.log('walkthrough: example opened from the installed extension and fitted');
}
