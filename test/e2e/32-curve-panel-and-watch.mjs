// A growing training log (multi-power-law curve from the CLI, ±0.2 % noise, cosine schedule over
// 6000 steps): "Watch Training Log…" puts "est. final loss … at step 6k" in the status bar equal
// to `scaling-laws curve extrapolate`, and updates it when lines are appended; "Open Curve
// Panel…" shows observed vs predicted loss with the LR on a second axis; switching the schedule
// editor to constant redraws the prediction (a higher final loss than the cosine). After a
// reload the panel restores and the watch resumes.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerInput, assert, cspViolations, explorerRow, multipowerLogRows, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'curve panel + live watch: status-bar estimate == CLI extrapolate, updates on append, schedule editor redraws';

const SPEC = 'cosine:warmup=200,total=6000,peak=0.0006,end=0.00006';

export async function run(ctx) {
  const { page } = ctx;
  await runCommandRetry(page, 'View: Close All Editor Groups');
  const { pred, rows } = multipowerLogRows(ctx, SPEC, 50, 5);
  const file = join(ctx.workspace, 'live-run.csv');
  writeFileSync(file, 'step,lr,loss\n' + rows.slice(0, 50).join('\n') + '\n'); // until step 2500

  await explorerRow(page, 'live-run.csv').click({ timeout: 30_000 });
  await page.locator('.tab', { hasText: 'live-run.csv' }).first().waitFor({ timeout: 30_000 });
  await runCommandRetry(page, 'Scaling Laws: Watch Training Log…');
  await answerInput(page, SPEC);
  const item = page.locator('.statusbar-item', { hasText: /est\. final loss/ }).first();
  await item.waitFor({ timeout: 90_000 });
  const text1 = (await item.innerText()).trim();
  const cli1 = JSON.parse(ctx.cli(['curve', 'extrapolate', file, '--schedule', SPEC, '--json']));
  const m1 = /est\. final loss ([0-9.]+) ± ([0-9.]+) at step 6k/.exec(text1);
  assert(m1, `status bar: ${text1}`);
  const digits = m1[1].split('.')[1].length;
  assert(Math.abs(Number(m1[1]) - cli1.estimate) <= 0.51 * 10 ** -digits, `status ${m1[1]} vs CLI ${cli1.estimate}`);
  ctx.log(`watch: "${text1}" == CLI ${cli1.estimate.toFixed(4)} ± ${((cli1.upper - cli1.lower) / 2).toFixed(4)} (observed until ${cli1.observedUntil})`);
  await ctx.shot('32-watch-status-bar');

  // Lines arrive: the estimate is redone on the longer log.
  appendFileSync(file, rows.slice(50, 90).join('\n') + '\n'); // until step 4500
  const cli2 = JSON.parse(ctx.cli(['curve', 'extrapolate', file, '--schedule', SPEC, '--json']));
  const want = cli2.estimate.toFixed(digits);
  const updated = page.locator('.statusbar-item', { hasText: new RegExp(`est\\. final loss ${want.replace('.', '\\.')}`) }).first();
  await updated.waitFor({ timeout: 90_000 });
  ctx.log(`after append: "${(await updated.innerText()).trim()}" == CLI ${cli2.estimate.toFixed(4)} (observed until ${cli2.observedUntil}); truth ${pred.loss[pred.loss.length - 1].toFixed(4)}`);

  // Curve panel on the same file (the schedule answer is remembered and prefilled).
  await runCommand(page, 'Scaling Laws: Open Curve Panel…');
  await answerInput(page, SPEC);
  const tPanel = Date.now();
  await page.locator('.tab', { hasText: 'Loss curve: live-run.csv' }).first().waitFor({ timeout: 30_000 });
  const wv = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv.locator('#estimate-text').waitFor({ timeout: 120_000 });
  await wv.locator('#curve .main-svg').first().waitFor({ timeout: 30_000 });
  ctx.log(`Curve Panel: schedule answered → first curve ${((Date.now() - tPanel) / 1000).toFixed(1)} s (${rows.slice(0, 50).length}-point log)`);
  const legend = await wv.locator('#curve .legendtext').allTextContents();
  assert(legend.some((t) => /LR/.test(t)) && legend.some((t) => /observed/.test(t)), `legend: ${legend.join(' | ')}`);
  await ctx.shot('32-curve-panel');

  await wv.locator('select[data-field="kind"]').selectOption('constant');
  await wv.locator('#edited-final').waitFor({ timeout: 60_000 });
  const edited = await wv.locator('#edited-final').innerText();
  const est = Number(/est\. final loss ([0-9.]+)/.exec(await wv.locator('#estimate-text').innerText())[1]);
  const constFinal = Number(/loss ([0-9.]+) at step/.exec(edited)[1]);
  assert(constFinal > est, `constant LR should end higher: ${constFinal} vs cosine ${est}`);
  ctx.log(`edited schedule (constant): ${edited.trim()}`);
  await page.waitForTimeout(500);
  await ctx.shot('32-curve-panel-edited-schedule');

  // Reload: the panel restores from its saved state and the watch resumes.
  await runCommandRetry(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.locator('.tab', { hasText: 'Loss curve: live-run.csv' }).first().click({ timeout: 60_000 });
  const wv2 = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv2.locator('#estimate-text').waitFor({ timeout: 60_000 });
  await wv2.locator('#curve .main-svg').first().waitFor({ timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: /est\. final loss/ }).first().waitFor({ timeout: 90_000 });
  await ctx.shot('32-curve-panel-restored');
  // The restored figure autoranges over its data (regression: default [-1, 6] axes after restore).
  let range;
  for (const f of page.frames()) range ??= await f.evaluate(() => document.getElementById('curve')?._fullLayout?.xaxis.range ?? null).catch(() => null) ?? undefined;
  assert(range && range[1] >= 5999 && range[0] < 50, `restored step axis ${JSON.stringify(range)}`);
  const bad = cspViolations(ctx.consoleLines);
  assert(bad.length === 0, `CSP violations: ${JSON.stringify(bad.slice(0, 3))}`);
}
