// CPU time of the diagnostics alone (outliers, leave-one-out, with/without, identifiability) on
// Epoch's 245 points at the all-points optimum: first call in a fresh process (cold JIT, as on the
// CLI's main thread) and the median of 5 more (warm). Prints one JSON line. Run by trust.bench.mjs.
import { diagnoseFit } from '../../src/core/fit/diagnostics';
import { shapeData } from '../../src/core/fit/prepareData';
import { DEFAULT_TOLERANCES } from '../../src/core/fit/problem';
import { createLaw } from '../../src/core/laws/registry';
import { fromReported } from '../../src/core/laws/types';
import { CHINCHILLA_OBJECTIVE } from '../../src/core/optimize/objective';
import type { FitReport } from '../../src/core/report/fitReport';
import { loadTable } from '../../src/node/loadTable';

async function main(): Promise<void> {
  const table = await loadTable(process.argv[2]);
  const data = shapeData(table, ['N', 'D']);
  const problem = { lawId: 'chinchilla', lawOptions: {}, x: data.x, y: data.y, objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: { kind: 'default' as const }, seed: 0, tolerances: { ...DEFAULT_TOLERANCES } };
  // The optimum of the 4500-start fit on all 245 points (scaling-laws fit svg_extracted_data.csv).
  const best = fromReported(createLaw('chinchilla'), { E: 1.8913382454449885, A: 495.7243278361031, B: 12845.678010848202, alpha: 0.34931268042751806, beta: 0.45304953215823773 });
  const report = { provenance: {} } as unknown as FitReport;
  const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  const times: number[] = [];
  let flagged = 0;
  for (let k = 0; k < 6; k++) {
    const t0 = cpuMs();
    flagged = diagnoseFit(report, problem, best, { rows: data.rows })!.flagged.length;
    times.push(cpuMs() - t0);
  }
  const warm = times.slice(1).sort((a, b) => a - b)[2];
  console.log(JSON.stringify({ coldCpuMs: times[0], warmCpuMs: warm, flagged }));
}

void main();
