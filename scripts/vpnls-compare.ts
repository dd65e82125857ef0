// VPNLS next to the 4500-start multi-start on the real reference sets (docs/VPNLS.md's table).
// Times the fit alone (no bootstrap, no diagnostics). Data are read in place from
// ../shared/reference-data; a missing file is skipped with a message.
//   node --import tsx scripts/vpnls-compare.ts [--objectives l2-linear,huber-log,l2-log] [--sets epoch,gadre,...] [--bootstrap K]
import { runFit } from '../src/core/fit/fit';
import { shapeData, type ShapeOptions } from '../src/core/fit/prepareData';
import { DEFAULT_TOLERANCES, type FitProblem } from '../src/core/fit/problem';
import type { ObjectiveSpec } from '../src/core/optimize/objectiveSpec';
import { filterRows } from '../src/core/table/runTable';
import { loadTable } from '../src/node/loadTable';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REF = resolve(__dirname, '../../shared/reference-data');

interface RefSet { name: string; file: string; shape: ShapeOptions; dropTop?: number }
export const REF_SETS: RefSet[] = [
  { name: 'epoch', file: 'epoch_chinchilla/svg_extracted_data.csv', shape: { map: { N: 'Model Size', C: 'Training FLOP' }, derive: [['D', 'C / (6 * N)']] }, dropTop: 5 },
  { name: 'gadre-c4', file: 'gadre_overtraining/gadre_models_losses.csv', shape: { map: { N: 'N_params', D: 'D_tokens', loss: 'loss_c4_val' } } },
  ...['fineweb-edu-100b', 'smollm-corpus', 'starcoder'].map((d) => ({ name: `l2l-${d}`, file: 'loss_to_loss/sweep.csv', shape: { map: { N: 'params', D: 'tokens', loss: 'val_loss' }, where: `data == "${d}"` } })),
  { name: 'datablations-1epoch', file: 'colpret_hitchhiker/datablations_contour_losses.csv', shape: { map: { N: 'num_params', D: 'token_num', loss: 'openLM_loss' }, where: 'epochs == 1' } },
];

export const OBJECTIVES: Record<string, ObjectiveSpec> = {
  'l2-linear': { kind: 'l2', delta: 1e-3, space: 'linear', reduction: 'sum' },
  'huber-log': { kind: 'huber', delta: 1e-3, space: 'log', reduction: 'sum' },
  'l2-log': { kind: 'l2', delta: 1e-3, space: 'log', reduction: 'sum' },
  'l1-log': { kind: 'l1', delta: 1e-3, space: 'log', reduction: 'sum' },
};

export async function refProblem(set: RefSet, objective: ObjectiveSpec): Promise<FitProblem | undefined> {
  const file = resolve(REF, set.file);
  if (!existsSync(file)) return undefined;
  let table = await loadTable(file);
  if (set.dropTop) {
    const loss = table.columns.find((c) => c.name === 'loss')!.values as Float64Array;
    const cutoff = Float64Array.from(loss).sort()[loss.length - set.dropTop];
    table = filterRows(table, Uint8Array.from(loss, (v) => (v < cutoff ? 1 : 0)));
  }
  const data = shapeData(table, ['N', 'D'], set.shape);
  return { lawId: 'chinchilla', lawOptions: {}, x: data.x, y: data.y, objective, fixed: {}, starts: { kind: 'grid', name: 'chinchilla' }, seed: 1, tolerances: { ...DEFAULT_TOLERANCES } };
}

async function main(): Promise<void> {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const objectives = (arg('--objectives') ?? 'l2-linear,huber-log,l2-log').split(',');
  const sets = arg('--sets')?.split(',');
  const bootstrap = Number(arg('--bootstrap') ?? 0);
  const procedures = (arg('--procedures') ?? 'vpnls,optimize').split(',') as ('vpnls' | 'optimize')[];
  console.log('| set | n | objective | procedure | seconds | objective value | rel. to multi-start | alpha | beta | E |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const set of REF_SETS.filter((s) => !sets || sets.includes(s.name))) {
    for (const o of objectives) {
      const problem = await refProblem(set, OBJECTIVES[o]);
      if (!problem) { console.log(`| ${set.name} | skipped: ${set.file} not found under ${REF} |`); break; }
      const results: Record<string, number> = {};
      for (const procedure of procedures) {
        const t0 = process.hrtime.bigint();
        const r = await runFit(problem, { bootstrap, procedure, diagnostics: false, provenance: { tool: 'bench', version: '0', mapping: {}, derived: {} } });
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        results[procedure] = r.objective.value;
        const ref = results.optimize;
        const rel = procedure === 'optimize' && results.vpnls !== undefined ? `vpnls ${((results.vpnls - ref) / ref).toExponential(2)}` : '';
        console.log(`| ${set.name} | ${problem.y.length} | ${o} | ${procedure}${bootstrap ? ` + ${bootstrap} bootstrap` : ''} | ${s.toFixed(2)} | ${r.objective.value.toPrecision(13)} | ${rel} | ${r.params.alpha.toPrecision(6)} | ${r.params.beta.toPrecision(6)} | ${r.params.E.toPrecision(6)} |`);
      }
    }
  }
}

if (require.main === module) void main();
