// Switch to High Contrast and to Light: the restored panel's plots redraw with theme colours
// (thicker lines in high contrast). Screenshots of both.
import { assert, runCommand } from './_helpers.mjs';

export const name = 'plots follow the theme, including high contrast';

export async function setTheme(ctx, label) {
  const { page } = ctx;
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  await input.fill(label);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await page.waitForTimeout(2000);
}

export async function run(ctx) {
  const { page } = ctx;
  const wv = ctx.webview();
  await wv.locator('#plot-N .main-svg').first().waitFor({ timeout: 30_000 });
  const lineWidth = async () => wv.locator('#plot-N .scatterlayer .trace .js-line').last().evaluate((el) => getComputedStyle(el).strokeWidth);
  const titleFill = async () => wv.locator('#plot-N .xtitle').first().evaluate((el) => getComputedStyle(el).fill);
  const darkFill = await titleFill();
  await setTheme(ctx, 'Dark High Contrast');
  await ctx.shot('07a-high-contrast');
  const hcWidth = await lineWidth();
  assert(hcWidth === '3px', `high-contrast line width ${hcWidth}`);
  await setTheme(ctx, 'Light Modern');
  await ctx.shot('07b-light');
  const lightFill = await titleFill();
  assert(lightFill !== darkFill, `axis title colour did not follow the theme (${darkFill} → ${lightFill})`);
  assert((await lineWidth()) === '2px', 'normal line width in a normal theme');
  ctx.log(`axis title fill ${darkFill} → ${lightFill}; HC line width ${hcWidth}`);
}
