// Command palette → "Compute-Optimal Allocation…" with 5.76e23 → the CLI's `optimal` N and D.
import { answerInput, assert, notificationText, runCommand } from './_helpers.mjs';

export const name = 'palette Compute-Optimal Allocation… (5.76e23) equals scaling-laws optimal';

const SUFFIX = { k: 1e3, M: 1e6, B: 1e9, T: 1e12 };
const human = (s) => {
  const m = /^([0-9.]+(?:e[+-]?\d+)?)([kMBT])?$/.exec(s);
  return m ? Number(m[1]) * (m[2] ? SUFFIX[m[2]] : 1) : NaN;
};

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  await runCommand(page, 'Scaling Laws: Compute-Optimal Allocation…');
  await answerInput(page, '5.76e23');
  const text = await notificationText(page, /FLOPs → N =/);
  await page.waitForTimeout(800);
  await ctx.shot('02b-palette-optimal');
  const n = /N = ([0-9.eE+-]+[kMBT]?)/.exec(text), d = /D = ([0-9.eE+-]+[kMBT]?)/.exec(text);
  assert(n && d, `no allocation in: ${text}`);
  const cli = JSON.parse(ctx.cli(['optimal', '--fit', ctx.cliReport, '--compute', '5.76e23', '--json']));
  const close = (shown, exact) => Math.abs(shown / exact - 1) < 5e-4; // shown with 4 significant digits
  assert(close(human(n[1]), cli.N), `palette N ${n[1]} vs CLI ${cli.N}`);
  assert(close(human(d[1]), cli.D), `palette D ${d[1]} vs CLI ${cli.D}`);
  ctx.log(`palette N=${n[1]} D=${d[1]} == CLI N=${cli.N.toPrecision(6)} D=${cli.D.toPrecision(6)}`);
  await page.keyboard.press('Escape');
}
