// Extension-host event-loop delay during a 4500-start fit with a 4000-resample bootstrap
// (the fit runs in the worker process); activation time. Written by the extension to $SCALING_LAWS_E2E_OUT.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, runCommand } from './_helpers.mjs';

export const name = 'host event-loop delay measured during a 4500-start / 4000-resample fit in the worker';

export async function run(ctx) {
  const { page } = ctx;
  await runCommand(page, 'Scaling Laws: Measure Extension Host Responsiveness During a Fit (developer)');
  const file = join(ctx.out, 'event-loop.json');
  const t0 = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - t0 > 600_000) throw new Error('no measurement after 10 min');
    await page.waitForTimeout(1000);
  }
  const m = JSON.parse(readFileSync(file, 'utf8'));
  await ctx.shot('05-measure');
  ctx.log(`event loop: max ${m.maxMs.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, mean ${m.meanMs.toFixed(2)} ms; timer gap max ${m.maxTimerGapMs} ms; fit ${m.fitMs} ms, ${m.starts} starts, ${m.bootstrap} resamples`);
  const act = join(ctx.out, 'activation.json');
  if (existsSync(act)) ctx.log(`activation: ${JSON.stringify(JSON.parse(readFileSync(act, 'utf8')))}`);
  assert(m.starts === 4500 && m.bootstrap === 4000, 'reference load');
  ctx.log(`idle baseline: max ${m.idle.maxMs.toFixed(1)} ms, p99 ${m.idle.p99Ms.toFixed(1)} ms; host handler max ${m.maxHandlerMs.toFixed(2)} ms; host CPU ${m.hostCpuMs.toFixed(0)} ms; ${m.cpus} cpus, load ${m.loadAverage.map((x) => x.toFixed(1)).join(' ')}`);
  // A measurement, not a timed assertion (timings depend on the machine's load): the numbers go to
  // the log and to test-artifacts/e2e/event-loop.json; the issue note reports them against 50 ms.
  const verdict = m.p99Ms < 50 && m.maxHandlerMs < 50 ? 'within' : 'NOT within';
  ctx.log(`50 ms target: p99 ${m.p99Ms.toFixed(1)} ms and host handler max ${m.maxHandlerMs.toFixed(2)} ms are ${verdict} it (load ${m.loadAverage[0].toFixed(1)} on ${m.cpus} cpus)`);
  try { writeFileSync(join(ctx.artifacts ?? 'test-artifacts/e2e', 'event-loop.json'), JSON.stringify(m, null, 2)); } catch { /* artifacts folder optional */ }
}
