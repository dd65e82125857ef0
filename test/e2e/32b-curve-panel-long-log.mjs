// A 10k-point training log in the Curve Panel: the first curve is a preview fitted on 400 evenly
// spaced points (said in the status line), so it shows within seconds; the fit on every point and
// its interval follow in the background. Closing the panel cancels that work.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerInput, assert, explorerRow, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'Curve Panel on a 10k-point log: a preview curve first, said as such; closing cancels the rest';

const SPEC = 'cosine:warmup=200,total=12000,peak=0.0006,end=0.00006';

export async function run(ctx) {
  const { page } = ctx;
  await runCommandRetry(page, 'View: Close All Editor Groups');
  const pred = JSON.parse(ctx.cli(['curve', 'predict', '--law', 'multipower', '--params', 'L0=2.9,A=0.45,alpha=0.5,B=400,C=2.07,beta=0.59,gamma=0.64', '--schedule', SPEC, '--every', '1', '--json']));
  let seed = 3;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.004;
  const rows = pred.step.slice(0, 10_000).map((s, i) => `${s},${pred.lr[i]},${(pred.loss[i] * (1 + noise())).toFixed(6)}`);
  writeFileSync(join(ctx.workspace, 'long-run.csv'), 'step,lr,loss\n' + rows.join('\n') + '\n');
  await explorerRow(page, 'long-run.csv').click({ timeout: 30_000 });
  await page.locator('.tab', { hasText: 'long-run.csv' }).first().waitFor({ timeout: 30_000 });
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
  assert(/preview: multipower fitted on 400 of the 10000 points/.test(status), `the first curve is the preview, and says so: ${status}`);
  ctx.log(`Curve Panel, 10000-point log: schedule answered → first curve ${(firstMs / 1000).toFixed(1)} s; status "${status.trim()}"`);
  await ctx.shot('32b-curve-panel-long-log');
  const full = await wv.locator('#kit-status', { hasText: /point fit of multipower shown/ }).waitFor({ timeout: 120_000 }).then(() => Date.now() - t0, () => undefined);
  ctx.log(`  point fit on all 10000 points shown after ${full === undefined ? '> 120' : (full / 1000).toFixed(1)} s; the interval follows (not awaited: closing the panel cancels it)`);
  await runCommandRetry(page, 'View: Close All Editor Groups');
}
