// Hover a key of an HF config.json (hovers by the config-insights work, issue #5): the published
// Llama-2-7B parameter count (6,738,415,616) and the active fit's predicted loss.
import { assert, explorerRow } from './_helpers.mjs';

export const name = 'hover on a config.json key shows parameters and the predicted loss';

export async function run(ctx) {
  const { page } = ctx;
  await explorerRow(page, 'config.json').click();
  const key = page.locator('.monaco-editor .view-line span', { hasText: '"hidden_size"' }).first();
  await key.waitFor({ timeout: 20_000 });
  let text = '';
  for (let i = 0; i < 5 && !/6,738,415,616/.test(text); i++) {
    await key.hover();
    await page.waitForTimeout(1500);
    text = await page.locator('.monaco-hover').allInnerTexts().then((t) => t.join('\n')).catch(() => '');
  }
  await ctx.shot('08-config-hover');
  assert(/6,738,415,616/.test(text), `hover text: ${text.slice(0, 400)}`);
  assert(/Predicted loss/.test(text), 'predicted loss from the active fit');
  ctx.log(text.split('\n').filter((l) => /Parameters|Predicted|Compute-optimal|LR/.test(l)).join(' | ').slice(0, 400));
}
