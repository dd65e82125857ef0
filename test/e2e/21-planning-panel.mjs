// Planning panel (issue #5): opened from the CodeLens of a config, it plots the approaches' frontiers
// with bands; the exponent of Approach 3 equals beta/(alpha+beta) of the CLI fit; the budget slider
// moves the allocation table; the inference-aware view answers; no CSP violation.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, cspViolations } from './_helpers.mjs';
import { cliFit, ensureActiveFit, openFile } from './20-config-insights.mjs';

export const name = 'planning panel from the CodeLens: frontiers with bands, budget slider, inference-aware view';

async function planningFrame(page, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    for (const f of page.frames()) if (await f.$('#plot-frontier').catch(() => null)) return f;
    await page.waitForTimeout(300);
  }
  throw new Error('no planning webview frame with #plot-frontier');
}

export async function run(ctx) {
  const { page } = ctx;
  mkdirSync(join(ctx.workspace, 'plan'), { recursive: true });
  writeFileSync(join(ctx.workspace, 'plan', 'config.json'), JSON.stringify({ model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_attention_heads: 32, num_hidden_layers: 32, vocab_size: 32000 }, null, 2) + '\n');
  await ensureActiveFit(ctx);
  const p = cliFit(ctx).params;
  await openFile(page, 'plan/config.json');
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Scaling Laws:' }).first();
  await lens.waitFor({ timeout: 20_000 });
  await lens.click();
  const f = await planningFrame(page);
  await f.waitForSelector('#plot-frontier .main-svg', { timeout: 30_000 });
  await f.waitForSelector('#plot-frontier .scatterlayer .trace', { timeout: 30_000 });
  const a3 = await f.locator('#exponents tr[data-approach="3"] td.num').first().innerText();
  const a = p.beta / (p.alpha + p.beta);
  assert(a3.startsWith(a.toFixed(3)), `Approach 3 exponent ${a3} vs beta/(alpha+beta) = ${a}`);
  assert(/\[/.test(a3), 'Approach 3 exponent has a bootstrap interval');
  const approaches = await f.locator('#exponents tr[data-approach]').count();
  ctx.log(`approaches with frontiers: ${approaches}; a3 = ${a3.replace(/\s+/g, ' ')}`);
  const before = await f.locator('#budget-table tr[data-approach="3"]').innerText();
  await page.waitForTimeout(600);
  await ctx.shot('21a-planning-panel');
  // move the budget slider (keyboard on the range input) and see the allocation change
  await f.locator('#budget').focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  const after = await f.locator('#budget-table tr[data-approach="3"]').innerText();
  assert(before !== after, `the budget slider changes the allocation (${before} → ${after})`);
  const inf = await f.locator('#inference-table tr[data-row="inference-aware"]').innerText();
  assert(/\d/.test(inf), `inference-aware row: ${inf}`);
  await f.locator('#inference-table').scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await ctx.shot('21b-planning-inference');
  const csp = cspViolations(ctx.consoleLines);
  assert(csp.length === 0, `CSP violations: ${JSON.stringify(csp.slice(0, 3))}`);
}
