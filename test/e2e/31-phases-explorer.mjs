// Palette → "Open Phases Explorer": the (alpha, beta) plane with its regions; the default point
// (0.7, 0.7) is on the II/III boundary; a click in the Ia region selects a point there (phase
// from the CLI's classify); loss-vs-flops curves with the frontier arrive from the compute
// thread; a 6 × 6 heatmap computes with progress; "Place my fit" with the active fit of runs.csv
// shows ξ = β/(α+β) of the CLI's fit; SVG / publication PNG exports through the host; high-contrast theme; the panel restores after a reload.
// No CSP violation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerInput, assert, cspViolations, explorerRow, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'phases explorer: plane, click → phase (== CLI classify), curves + frontier, heatmap';

export async function run(ctx) {
  const { page } = ctx;
  await runCommandRetry(page, 'View: Close All Editor Groups');
  await runCommandRetry(page, 'Scaling Laws: Open Phases Explorer');
  await page.locator('.tab', { hasText: 'Phases explorer' }).first().waitFor({ timeout: 30_000 });
  const wv = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv.locator('#plane .main-svg').first().waitFor({ timeout: 60_000 });
  await wv.locator('#phase-name').waitFor({ timeout: 30_000 });
  const first = (await wv.locator('#phase-name').innerText()).trim();
  const cli0 = JSON.parse(ctx.cli(['phases', 'classify', '--alpha', '0.7', '--beta', '0.7', '--json']));
  assert(first === cli0.phase, `default point: panel says ${first}, CLI ${cli0.phase}`);

  // Click in region Ia: alpha ≈ 1.0, beta ≈ 0.25 on the [0, 1.5]² axes.
  const area = wv.locator('#plane .nsewdrag').first();
  const box = await area.boundingBox();
  assert(box, 'no plot area in the plane');
  await area.click({ position: { x: box.width * (1.0 / 1.5), y: box.height * (1 - 0.25 / 1.5) } });
  await wv.locator('#phase-name', { hasText: /^Ia$/ }).waitFor({ timeout: 30_000 });
  const a = Number(await wv.locator('#in-alpha').inputValue()), b = Number(await wv.locator('#in-beta').inputValue());
  const cli = JSON.parse(ctx.cli(['phases', 'classify', '--alpha', String(a), '--beta', String(b), '--json']));
  assert(cli.phase === 'Ia', `clicked (${a}, ${b}): CLI says ${cli.phase}`);
  const xiClosed = Number(await wv.locator('#xi-closed').innerText());
  assert(Math.abs(xiClosed - cli.xi) < 1e-3, `closed-form xi ${xiClosed} vs CLI ${cli.xi}`);
  ctx.log(`clicked (${a}, ${b}) → Ia, xi ${xiClosed} == CLI ${cli.xi.toFixed(4)}`);

  // Curves + frontier + measured exponents from the compute thread.
  await wv.locator('#curves .main-svg').first().waitFor({ timeout: 120_000 });
  await wv.locator('#xi-measured', { hasText: /\d/ }).waitFor({ timeout: 120_000 });
  const legend = await wv.locator('#curves .legendtext').allTextContents();
  assert(legend.some((t) => /frontier/.test(t)), `no frontier in the legend: ${legend.join(' | ')}`);
  assert(legend.some((t) => /SGD/.test(t)), `no SGD runs in the legend: ${legend.join(' | ')}`);
  ctx.log(`measured xi ${await wv.locator('#xi-measured').innerText()}, eta ${await wv.locator('#eta-measured').innerText()}`);
  await ctx.shot('31-phases-plane-and-curves');

  // A small heatmap with progress.
  await wv.locator('#in-heat').selectOption('6');
  await wv.locator('#btn-heat').click();
  await wv.locator('#heat-xi .main-svg').first().waitFor({ timeout: 180_000 });
  await wv.locator('#heat-eta .main-svg').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await wv.locator('#heat-xi').scrollIntoViewIfNeeded();
  await ctx.shot('31-phases-heatmaps');

  // Exports go through the host (SCALING_LAWS_EXPORT_DIR stands in for the save dialog).
  await wv.locator('[data-export="svg"][data-plot="plane"]').click();
  await wv.locator('[data-export="pub-png"][data-plot="curves"]').click();
  const svg = join(ctx.exportsDir, 'phase-plane.svg'), png = join(ctx.exportsDir, 'loss-vs-flops.publication.png');
  for (let i = 0; i < 50 && !(existsSync(svg) && existsSync(png)); i++) await page.waitForTimeout(200);
  assert(existsSync(svg) && /<svg/.test(readFileSync(svg, 'utf8').slice(0, 400)), 'phase-plane.svg was not exported');
  assert(existsSync(png) && readFileSync(png).subarray(1, 4).toString() === 'PNG', 'loss-vs-flops.publication.png was not exported');

  // Place my fit: fit runs.csv (the active fit), then back to the explorer panel.
  await explorerRow(page, 'runs.csv').click({ timeout: 30_000 });
  await runCommand(page, 'Scaling Laws: Fit Scaling Law');
  const results = page.locator('.tab', { hasText: 'Scaling law: runs.csv' }).first();
  await results.waitFor({ timeout: 180_000 });
  // The panel opens at the click; wait for the finished fit (its parameter table) before closing it.
  await page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame').locator('#params td[data-param="E"]').waitFor({ timeout: 180_000 });
  // Close the results panel (the fit stays active) so one webview is visible.
  await results.click();
  await runCommand(page, 'View: Close Editor');
  await page.locator('.tab', { hasText: 'Phases explorer' }).first().click();
  const wv2 = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv2.locator('#btn-place').click({ timeout: 30_000 });
  await wv2.locator('#placement-how').waitFor({ timeout: 30_000 });
  const how = await wv2.locator('#placement-how').innerText();
  const cliFit = JSON.parse(ctx.cli(['fit', 'runs.csv', '--law', 'chinchilla', '--bootstrap', '0', '--seed', '0', '--json']));
  const xiCli = cliFit.params.beta / (cliFit.params.alpha + cliFit.params.beta);
  const m = /N_opt ∝ C\^([0-9.]+)/.exec(how);
  assert(m && Math.abs(Number(m[1]) - xiCli) < 1.5e-3, `placement "${how}" vs CLI xi ${xiCli}`);
  ctx.log(`place my fit: ${how}`);
  await wv2.locator('#plane').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await ctx.shot('31-phases-place-my-fit');

  // High contrast: the plots re-read the theme colours.
  await runCommand(page, 'Preferences: Color Theme');
  await answerInput(page, 'Dark High Contrast');
  await page.waitForTimeout(1500);
  await ctx.shot('31-phases-high-contrast');
  await runCommand(page, 'Preferences: Color Theme');
  await answerInput(page, 'Dark Modern');
  await page.waitForTimeout(1000);

  // Restore after reload: the point, its curves and the heatmap come back from the saved state.
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.locator('.tab', { hasText: 'Phases explorer' }).first().click({ timeout: 60_000 });
  const wv3 = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv3.locator('#phase-name', { hasText: /^Ia$/ }).waitFor({ timeout: 60_000 });
  await wv3.locator('#curves .main-svg').first().waitFor({ timeout: 30_000 });
  await wv3.locator('#heat-xi .main-svg').first().waitFor({ timeout: 30_000 });
  await ctx.shot('31-phases-restored');
  const bad = cspViolations(ctx.consoleLines);
  assert(bad.length === 0, `CSP violations: ${JSON.stringify(bad.slice(0, 3))}`);
}
