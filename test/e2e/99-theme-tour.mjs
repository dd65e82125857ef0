// Every panel in light, dark and high-contrast themes, for a person to review (clipped text,
// overlap, unreadable colours): the results panel of the active fit, Compare Laws, the planning
// panel and the phases explorer are opened, then each open panel is shot in each theme. The only
// assertion is that each panel drew a plot; the screenshots are the point (test-artifacts/e2e/99-*).
import { chooseFromContextMenu, explorerRow, runCommand, runCommandRetry } from './_helpers.mjs';
import { setTheme } from './07-themes.mjs';

export const name = 'theme tour: every open panel shot in light, dark and high contrast';

const PANELS = [
  { command: 'Scaling Laws: Show Active Fit', tab: 'Scaling law', plot: '#plot-N' },
  { command: 'Scaling Laws: Compare Laws…', tab: 'Compare laws', plot: '#plot-compare-parity', enter: true },
  { command: 'Scaling Laws: Open Planning Panel', tab: 'planning', plot: '#plot-frontier' },
  { command: 'Scaling Laws: Open Phases Explorer', tab: 'Phases', plot: '.main-svg' },
];

export async function run(ctx) {
  const { page } = ctx;
  for (let k = 0; k < 3; k++) await page.keyboard.press('Escape');
  await runCommandRetry(page, 'View: Close All Editor Groups');
  // An earlier journey reloads the window: fit runs.csv again so there is an active fit.
  const row = explorerRow(page, 'runs.csv');
  await row.waitFor({ timeout: 20_000 });
  await chooseFromContextMenu(page, row, 'Fit Scaling Law');
  await ctx.webview().locator('#params td[data-param="E"]').waitFor({ timeout: 180_000 });
  await runCommandRetry(page, 'View: Close All Editor Groups');
  // One panel at a time (only its webview visible), each theme in turn.
  let shots = 0;
  for (const [theme, key] of [['Light Modern', 'light'], ['Dark Modern', 'dark'], ['Dark High Contrast', 'hc']]) {
    await setTheme(ctx, theme);
    for (const p of PANELS) {
      try {
        await runCommandRetry(page, 'View: Close All Editor Groups');
        await runCommand(page, p.command);
        if (p.enter) {
          await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
          await page.keyboard.press('Enter');
        }
        await page.locator('.tab', { hasText: p.tab }).first().waitFor({ timeout: 30_000 });
        const frame = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
        await frame.locator(`${p.plot} .main-svg, ${p.plot}.main-svg`).first().waitFor({ timeout: 180_000 });
        await page.waitForTimeout(1000);
        await ctx.shot(`99-${key}-${p.tab.toLowerCase().replace(/[^a-z]+/g, '-')}`);
        shots++;
      } catch (e) {
        ctx.log(`theme tour: ${p.command} in ${theme} not shot (${String(e?.message ?? e).split('\n')[0]})`);
        for (let k = 0; k < 3; k++) await page.keyboard.press('Escape');
      }
    }
  }
  await setTheme(ctx, 'Dark Modern');
  ctx.log(`theme tour: ${shots} of ${3 * PANELS.length} panel shots`);
  if (!shots) throw new Error('no panel could be opened for the tour');
}
