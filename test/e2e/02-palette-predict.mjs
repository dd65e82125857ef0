// Command palette → "Predict Loss…" with 7B and 1.4T → the CLI's predict number.
import { answerInput, assert, notificationText, runCommand } from './_helpers.mjs';

export const name = 'palette Predict Loss… (7B, 1.4T) equals scaling-laws predict';

export async function run(ctx) {
  const { page } = ctx;
  await runCommand(page, 'Scaling Laws: Predict Loss…');
  await answerInput(page, '7B', /N \(/);
  await answerInput(page, '1.4T', /D \(tokens\)/);
  const text = await notificationText(page, /Predicted loss at/);
  await page.waitForTimeout(800);
  await ctx.shot('02-palette-prediction');
  const m = /Predicted loss at [^:]+: ([0-9.eE+-]+)/.exec(text);
  assert(m, `no prediction in: ${text}`);
  assert(ctx.cliReport, 'needs the CLI fit from the first journey');
  const cli = JSON.parse(ctx.cli(['predict', '--fit', ctx.cliReport, '--at', 'N=7B,D=1.4T', '--json']));
  assert(Number(m[1]) === Number(cli.prediction.toPrecision(6)), `palette ${m[1]} vs CLI ${cli.prediction}`);
  ctx.log(`palette ${m[1]} == CLI ${cli.prediction}`);
  await page.keyboard.press('Escape');
}
