// A 10k-point training log in the Curve Panel: the first curve (the point fit on every point; a
// preview on 400 points only above 20 000 points) shows within seconds and says what it is; the
// interval follows and the result equals `scaling-laws curve extrapolate`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerInput, assert, explorerRow, multipowerLogRows, panelTimings, runCommand, runCommandRetry, timingSummary } from './_helpers.mjs';

export const name = 'Curve Panel on a 10k-point log: a first curve within seconds, said what it is; the full fit equals the CLI';

const SPEC = 'cosine:warmup=200,total=12000,peak=0.0006,end=0.00006';

export async function run(ctx) {
  const { page } = ctx;
  await runCommandRetry(page, 'View: Close All Editor Groups');
  const { rows } = multipowerLogRows(ctx, SPEC, 1, 3);
  writeFileSync(join(ctx.workspace, 'long-run.csv'), 'step,lr,loss\n' + rows.slice(0, 10_000).join('\n') + '\n');
  await explorerRow(page, 'long-run.csv').click({ timeout: 30_000 });
  await page.locator('.tab', { hasText: 'long-run.csv' }).first().waitFor({ timeout: 30_000 });
  const before = panelTimings(ctx).length;
  await runCommand(page, 'Scaling Laws: Open Curve Panel…');
  await answerInput(page, SPEC);
  const t0 = Date.now();
  await page.locator('.tab', { hasText: 'Loss curve: long-run.csv' }).first().waitFor({ timeout: 30_000 });
  const wv = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv.locator('#curve .main-svg .scatterlayer .trace').first().waitFor({ timeout: 120_000 });
  const firstMs = Date.now() - t0;
  const status = await wv.locator('#kit-status').innerText();
  const legend = await wv.locator('#curve .legendtext').allTextContents();
  assert(legend.some((t) => /observed \(10000\)/.test(t)), `all 10000 points drawn: ${legend.join(' | ')}`);
  // The first curve says what it is: the preview on 400 points, or (when the page was still loading
  // while it passed) the point fit on all of them, or the finished fit.
  assert(/preview: multipower fitted on 400 of the 10000 points|point fit of multipower shown|fitted multipower on 10000 points/.test(status), `the first curve says what it is: ${status}`);
  ctx.log(`Curve Panel, 10000-point log: schedule answered → first curve ${(firstMs / 1000).toFixed(1)} s; status "${status.trim()}"`);
  await ctx.shot('32b-curve-panel-long-log');
  await wv.locator('#kit-status', { hasText: /fitted multipower on 10000 points/ }).waitFor({ timeout: 180_000 });
  const fullMs = Date.now() - t0;
  const shownText = /est\. final loss ([0-9.]+)/.exec(await wv.locator('#estimate-text').innerText())[1];
  const cli = JSON.parse(ctx.cli(['curve', 'extrapolate', join(ctx.workspace, 'long-run.csv'), '--schedule', SPEC, '--json']));
  const digits = shownText.split('.')[1]?.length ?? 0;
  assert(Math.abs(Number(shownText) - cli.estimate) <= 0.51 * 10 ** -digits, `panel estimate ${shownText} vs CLI ${cli.estimate}`);
  ctx.log(`  page timeline (ms after the panel opened): ${timingSummary(panelTimings(ctx, before).filter((e) => e.panel === 'curves'))}`);
  ctx.log(`  the fit on all 10000 points with its interval and draws: ${(fullMs / 1000).toFixed(1)} s; est. ${shownText} == CLI ${cli.estimate.toFixed(4)} [${cli.lower.toFixed(4)}, ${cli.upper.toFixed(4)}]`);
  await runCommandRetry(page, 'View: Close All Editor Groups');
}
