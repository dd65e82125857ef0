// Config insights in the real editor (issue #5, "In the editor"): hovering hidden_size in a Llama-2-7B
// config.json shows the published parameter count and the active fit's predicted loss (equal to
// `scaling-laws predict` at the compute-optimal D for that size, derived here by hand); the CodeLens
// summary; an off-optimal nanoGPT config gets an information diagnostic whose quick fix edits the
// buffer (not the file on disk) and undoes with one Ctrl+Z.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, chooseFromContextMenu, explorerRow } from './_helpers.mjs';

export const name = 'config.json hover: parameter count + predicted loss (== CLI); CodeLens; off-optimal diagnostic + quick fix';

const LLAMA2_7B = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 32, vocab_size: 32000, max_position_embeddings: 4096, rms_norm_eps: 1e-5, tie_word_embeddings: false };
// The bundled example nanoGPT config (examples/configs), copied into the test workspace.
const NANOGPT = readFileSync(new URL('../../examples/configs/train_gpt2_small.py', import.meta.url), 'utf8');

export async function ensureActiveFit(ctx) {
  const { page } = ctx;
  const status = page.locator('.statusbar-item', { hasText: 'chinchilla: runs.csv' });
  if (await status.count()) return;
  const row = explorerRow(page, 'runs.csv');
  await row.waitFor({ timeout: 20_000 });
  await chooseFromContextMenu(page, row, 'Fit Scaling Law');
  await status.first().waitFor({ timeout: 180_000 });
}

export function cliFit(ctx) {
  if (ctx.cliReport) return JSON.parse(readFileSync(ctx.cliReport, 'utf8'));
  const reportPath = join(ctx.tmp, 'cli-fit.json');
  const flags = ['--law', 'chinchilla', '--objective', 'huber', '--delta', '0.001', '--space', 'log', '--bootstrap', String(ctx.settings['scalingLaws.fit.bootstrap']), '--seed', String(ctx.settings['scalingLaws.fit.seed'])];
  ctx.cli(['fit', join(ctx.workspace, 'runs.csv'), ...flags, '--json', '--out', reportPath, '--quiet']);
  ctx.cliReport = reportPath;
  return JSON.parse(readFileSync(reportPath, 'utf8'));
}

export async function openFile(page, rel) {
  const input = page.locator('.quick-input-widget input.input');
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.locator('.part.sidebar .title-label, .part.sidebar .composite.title').first().click().catch(() => undefined);
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  await input.fill(rel);
  // Enter opens the focused row: wait until the filter has put the file there (not a recent file).
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: rel.split('/').pop() }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: rel.split('/').pop() }).waitFor({ timeout: 10_000 });
}

async function hoverText(page, token, want) {
  const key = page.locator('.monaco-editor .view-line span', { hasText: token }).first();
  await key.waitFor({ timeout: 20_000 });
  let text = '';
  for (let i = 0; i < 6 && !want.test(text); i++) {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200);
    await key.hover();
    await page.waitForTimeout(1200);
    text = await page.locator('.monaco-hover').allInnerTexts().then((t) => t.join('\n')).catch(() => '');
  }
  return text;
}

export async function run(ctx) {
  const { page } = ctx;
  mkdirSync(join(ctx.workspace, 'plan'), { recursive: true });
  writeFileSync(join(ctx.workspace, 'plan', 'config.json'), JSON.stringify(LLAMA2_7B, null, 2) + '\n');
  writeFileSync(join(ctx.workspace, 'plan', 'train_gpt2.py'), NANOGPT);
  await ensureActiveFit(ctx);
  const cli = cliFit(ctx);
  const p = cli.params;

  // 1. hover: parameter count and predicted loss == CLI predict at D making N compute-optimal
  //    (first-order condition alpha·A/N^alpha = beta·B/D^beta).
  await openFile(page, 'plan/config.json');
  const text = await hoverText(page, '"hidden_size"', /6,738,415,616[\s\S]*Predicted loss/);
  await ctx.shot('20a-config-hover');
  assert(/6,738,415,616/.test(text), `hover shows the Llama-2-7B count: ${text.slice(0, 400)}`);
  const m = /Predicted loss\s*([0-9.]+)/.exec(text);
  assert(m, `predicted loss in the hover: ${text.slice(0, 600)}`);
  const N = 6738415616;
  const D = ((p.beta * p.B * N ** p.alpha) / (p.alpha * p.A)) ** (1 / p.beta);
  const pred = JSON.parse(ctx.cli(['predict', '--fit', ctx.cliReport, '--at', `N=${N},D=${D}`, '--json'])).prediction;
  assert(Number(m[1]) === Number(pred.toFixed(4)), `hover ${m[1]} vs CLI predict ${pred}`);
  assert(/95 %/.test(text), 'interval from the bootstrap draws');
  assert(/Open the fit/.test(text), 'link to the fit');
  ctx.log(`hover: 6,738,415,616 parameters, loss ${m[1]} == CLI ${pred.toFixed(6)} at D=${D.toExponential(3)}`);

  // 2. CodeLens summary at the top.
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Scaling Laws:' }).first();
  await lens.waitFor({ timeout: 20_000 });
  const lensText = await lens.innerText();
  assert(/6\.74B params/.test(lensText) && /loss \d/.test(lensText), `CodeLens: ${lensText}`);

  // 3. an off-optimal nanoGPT config: information diagnostic, quick fix edits the buffer only.
  await openFile(page, 'plan/train_gpt2.py');
  await page.locator('.monaco-editor .squiggly-info').first().waitFor({ timeout: 20_000 });
  const diagText = await hoverText(page, 'n_embd', /compute-optimal for its/);
  assert(/smaller than compute-optimal/.test(diagText), `diagnostic message: ${diagText.slice(0, 300)}`);
  await ctx.shot('20b-off-optimal-diagnostic');
  await page.mouse.move(5, 5);
  await page.locator('.monaco-editor .view-line', { hasText: 'n_embd' }).first().click();
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: /Train .* tokens/ }).first();
  await fix.waitFor({ timeout: 10_000 });
  await ctx.shot('20c-quick-fix-menu');
  // The menu swallows synthetic clicks (pointer block): walk to the fix with the keyboard.
  for (let i = 0; i < 5 && !/Train .* tokens/.test(await page.locator('.action-widget .monaco-list-row.focused').innerText().catch(() => '')); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const Nn = 124373760;
  const Dn = ((p.beta * p.B * Nn ** p.alpha) / (p.alpha * p.A)) ** (1 / p.beta);
  const steps = Math.ceil(Dn / (12 * 40 * 1024));
  await page.locator('.monaco-editor .view-line', { hasText: `max_iters = ${steps}` }).first().waitFor({ timeout: 10_000 });
  assert(readFileSync(join(ctx.workspace, 'plan', 'train_gpt2.py'), 'utf8') === NANOGPT, 'the file on disk is unchanged (edit is in the buffer)');
  await ctx.shot('20d-quick-fix-applied');
  await page.keyboard.press('Control+Z');
  await page.locator('.monaco-editor .view-line', { hasText: 'max_iters = 600000' }).first().waitFor({ timeout: 10_000 });
  ctx.log(`quick fix: max_iters 600000 → ${steps} (D = ${Dn.toExponential(3)}), undone`);
}
