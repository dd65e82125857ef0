// Three FitReports made by the CLI (Chinchilla on a sweep, loss-to-loss on paired losses,
// downstream error on (loss, error) pairs; the loss column is not named 'loss', which would
// collide with the role name in --map), selected together in the explorer → "Open Transfer
// Panel…": the chain's stages in order with intervals, equal to `scaling-laws predict --chain`
// at the panel's budget; the sweep over compute and the source-vs-target plots are drawn.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, contextMenuItem, cspViolations, explorerRow, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'transfer panel: chain from three FitReports == CLI predict --chain, sweep and stage plots';

export async function run(ctx) {
  const { page } = ctx;
  await runCommandRetry(page, 'View: Close All Editor Groups');
  let seed = 9;
  const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
  const pairs = Array.from({ length: 30 }, (_, i) => { const x = 2 + i * 0.05; return `${x.toFixed(4)},${((1.3 * (x - 1.5) ** 0.8 + 1.2) * (1 + 0.004 * r())).toFixed(6)}`; });
  writeFileSync(join(ctx.workspace, 'pairs.csv'), 'x,y\n' + pairs.join('\n') + '\n');
  const ds = Array.from({ length: 30 }, (_, i) => { const L = 1.3 + i * 0.13; return `${L.toFixed(4)},${(0.9 - 2.5 * Math.exp(-L) + 0.003 * r()).toFixed(5)}`; });
  writeFileSync(join(ctx.workspace, 'ds.csv'), 'L,err\n' + ds.join('\n') + '\n');
  ctx.cli(['fit', 'runs.csv', '--law', 'chinchilla', '--bootstrap', '40', '--out', 'chain-1-chinchilla.json', '--quiet']);
  ctx.cli(['fit', 'pairs.csv', '--law', 'loss-to-loss', '--map', 'x=x', '--map', 'loss=y', '--bootstrap', '40', '--out', 'chain-2-l2l.json', '--quiet']);
  ctx.cli(['fit', 'ds.csv', '--law', 'downstream', '--map', 'x=L', '--map', 'loss=err', '--bootstrap', '40', '--out', 'chain-3-downstream.json', '--quiet']);

  // Select the three reports (in reverse order: the panel orders the chain itself).
  await explorerRow(page, 'chain-3-downstream.json').click({ timeout: 30_000 });
  await explorerRow(page, 'chain-2-l2l.json').click({ modifiers: ['Control'] });
  await explorerRow(page, 'chain-1-chinchilla.json').click({ modifiers: ['Control'] });
  await explorerRow(page, 'chain-1-chinchilla.json').click({ button: 'right' });
  await contextMenuItem(page, 'Open Transfer Panel…');
  await page.locator('.tab', { hasText: 'Transfer chain' }).first().waitFor({ timeout: 30_000 });
  const wv = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv.locator('#stage-table').waitFor({ timeout: 90_000 });
  const laws = await wv.locator('#stage-table tbody tr td:nth-child(2)').allInnerTexts();
  assert(laws.join(',') === 'chinchilla,loss-to-loss,downstream', `stage order: ${laws.join(',')}`);
  const C = Number(await wv.locator('#in-C').inputValue());
  const cli = JSON.parse(ctx.cli(['predict', '--chain', 'chain-1-chinchilla.json,chain-2-l2l.json,chain-3-downstream.json', '--at', `C=${C}`, '--json']));
  const preds = (await wv.locator('#stage-table .stage-pred').allInnerTexts()).map(Number);
  cli.stages.forEach((s, i) => assert(Math.abs(preds[i] - Number(s.prediction.toPrecision(5))) <= 1e-12 + 1e-4 * Math.abs(s.prediction), `stage ${i + 1}: panel ${preds[i]} vs CLI ${s.prediction}`));
  ctx.log(`chain at C=${C.toExponential(3)}: ${preds.join(' → ')} == CLI ${cli.stages.map((s) => s.prediction.toPrecision(5)).join(' → ')} [${cli.interval.map((x) => x.toFixed(4)).join(', ')}]`);
  await wv.locator('#sweep .main-svg').first().waitFor({ timeout: 30_000 });
  await wv.locator('#source-1 .main-svg').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await ctx.shot('33-transfer-chain');
  await wv.locator('#source-1').scrollIntoViewIfNeeded();
  await ctx.shot('33-transfer-stage-plots');
  const bad = cspViolations(ctx.consoleLines);
  assert(bad.length === 0, `CSP violations: ${JSON.stringify(bad.slice(0, 3))}`);

  // A log instead of a FitReport: the panel asks for its stage and columns and fits it itself.
  // The compute stage from the Chinchilla FitReport, the next stage from the log.
  await explorerRow(page, 'pairs.csv').click({ timeout: 30_000 });
  await explorerRow(page, 'chain-1-chinchilla.json').click({ modifiers: ['Control'] });
  await explorerRow(page, 'pairs.csv').click({ button: 'right' });
  await contextMenuItem(page, 'Open Transfer Panel…');
  // The stage and columns are asked once per file (a retried journey finds them remembered).
  const stage = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Loss → another loss' }).first();
  if (await stage.waitFor({ timeout: 20_000 }).then(() => true, () => false)) {
    await stage.click();
    await page.locator('.quick-input-widget', { hasText: 'the source loss' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter'); // x: the first numeric column
    await page.locator('.quick-input-widget', { hasText: 'the target' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter'); // y: the only other one
  }
  await page.locator('.tab', { hasText: 'Transfer chain' }).first().click({ timeout: 60_000 });
  // The new chain replaces the three-stage one: wait for its two stages.
  let laws2 = [];
  for (const t0 = Date.now(); Date.now() - t0 < 120_000; await page.waitForTimeout(500)) {
    laws2 = await wv.locator('#stage-table tbody tr td:nth-child(2)').allInnerTexts().catch(() => []);
    if (laws2.length === 2) break;
  }
  assert(laws2.join(',') === 'chinchilla,loss-to-loss', `a log fitted as the chain's loss-to-loss stage after the Chinchilla report: ${laws2.join(',')}`);
  await ctx.shot('33-transfer-from-log');
}
