// Exports from the results panel reach the host and are written (PNG, publication SVG, JSON, CSV).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from './_helpers.mjs';

export const name = 'exports: PNG, publication SVG, FitReport JSON, points CSV, Markdown';

async function waitFile(dir, re, timeout = 20_000) {
  const t0 = Date.now();
  for (;;) {
    const f = readdirSync(dir).find((n) => re.test(n));
    if (f) {
      // wait until the host has finished writing (size stable and non-zero)
      const p = join(dir, f);
      const a = statSync(p).size;
      await new Promise((r) => setTimeout(r, 300));
      if (a > 0 && statSync(p).size === a) return p;
      continue;
    }
    if (Date.now() - t0 > timeout) throw new Error(`no file matching ${re} in ${dir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function run(ctx) {
  const wv = ctx.webview();
  // Axis toggle: y of loss-vs-N goes linear and back.
  const yType = () => wv.locator('#plot-N').evaluate((gd) => gd.layout.yaxis.type);
  await wv.locator('[data-act="toggle-y"][data-plot="plot-N"]').click();
  await ctx.page.waitForTimeout(300);
  assert((await yType()) === 'linear', 'y axis toggled to linear');
  await wv.locator('[data-act="toggle-y"][data-plot="plot-N"]').click();
  await ctx.page.waitForTimeout(300);
  assert((await yType()) === 'log', 'y axis back to log');
  await wv.locator('[data-export="png"][data-plot="plot-N"]').click();
  const png = await waitFile(ctx.exportsDir, /\.loss-N\.png$/);
  const head = readFileSync(png).subarray(0, 8);
  assert(head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG', 'PNG signature');
  await wv.locator('[data-export="pub-svg"][data-plot="plot-C"]').click();
  const svg = readFileSync(await waitFile(ctx.exportsDir, /publication\.svg$/), 'utf8');
  assert(svg.includes('<svg') && /fill: ?rgb\(255, ?255, ?255\)|#ffffff|#fff/i.test(svg), 'light publication SVG');
  await wv.locator('[data-export="pub-png"][data-plot="plot-N"]').click();
  const pub = readFileSync(await waitFile(ctx.exportsDir, /publication\.png$/));
  assert(pub[0] === 0x89 && pub.length > 10_000, 'publication PNG');
  await wv.locator('[data-data="json"]').click();
  const json = JSON.parse(readFileSync(await waitFile(ctx.exportsDir, /\.fit\.json$/), 'utf8'));
  assert(json.law === 'chinchilla' && json.params.E > 0, 'FitReport JSON');
  await wv.locator('[data-data="csv"]').click();
  const csv = readFileSync(await waitFile(ctx.exportsDir, /points\.csv$/), 'utf8').trim().split('\n');
  assert(csv.length === ctx.csvRows.length + 1 && csv[0].startsWith('run,N,D,loss,predicted'), 'points CSV');
  await wv.locator('[data-data="md"]').click();
  assert(readFileSync(await waitFile(ctx.exportsDir, /\.fit\.md$/), 'utf8').includes('| parameter |'), 'Markdown');
  assert(existsSync(png));
}
