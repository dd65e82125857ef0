// What changed between two fits of the same question (issue 20.3): the runs added and removed, each
// parameter with its interval, and one headline prediction, with the verdict a CI guard needs:
// did the new estimate leave the earlier fit's 95 % interval?
import { formatHumanNumber as h } from '../table/numbers';
import { InputError } from '../errors';
import { createLaw, type LawOptions } from '../laws/registry';
import { predictOne } from '../laws/types';
import { chinchillaParamsOf, optimalForCompute } from '../plan/computeOptimal';
import type { FitReport } from './fitReport';
import { interval95 } from './intervals';

export interface DiffValue {
  old: number;
  new: number;
  /** (new − old) / |old| */
  change: number;
  oldInterval?: [number, number];
  newInterval?: [number, number];
  /** Is the new estimate inside the old 95 % interval (undefined without an old bootstrap)? */
  withinOldInterval?: boolean;
}

export interface ReportDiff {
  law: { old: string; new: string };
  /** changed: runs in both whose fitted loss differs (a log that grew, a rerun). */
  runs: { added: string[]; removed: string[]; changed: string[]; kept: number; keyedBy: 'run' | 'inputs' };
  params: (DiffValue & { name: string })[];
  prediction?: DiffValue & { label: string };
  /** The headline prediction left the old interval. */
  moved: boolean;
  warnings: string[];
}

export type DiffAt = { at: Record<string, number> } | { compute: number; flopsPerParamToken?: number };

/** A point's identity: its run name when both fits have them, else its inputs and loss. */
function keys(r: FitReport, byRun: boolean): string[] {
  if (byRun) return r.data.run!.map(String);
  return r.data.loss.map((y, i) => [...r.inputs.map((k) => `${k}=${Number(r.data.inputs[k]?.[i]).toPrecision(6)}`), `loss=${y.toPrecision(6)}`].join(' '));
}

function compare(oldV: number, newV: number, oldIv?: [number, number], newIv?: [number, number]): DiffValue {
  return {
    old: oldV, new: newV, change: (newV - oldV) / Math.abs(oldV),
    ...(oldIv ? { oldInterval: oldIv } : {}), ...(newIv ? { newInterval: newIv } : {}),
    ...(oldIv ? { withinOldInterval: oldIv[0] <= newV && newV <= oldIv[1] } : {}),
  };
}

/** The default headline: compute-optimal N at the largest budget of the old data (Chinchilla laws), else none. */
function headline(old: FitReport, next: FitReport, at?: DiffAt): { label: string; f: (p: Record<string, number>, r: FitReport) => number } | undefined {
  if (at && 'at' in at) {
    return { label: `loss at ${Object.entries(at.at).map(([k, v]) => `${k} = ${v.toExponential(2)}`).join(', ')}`, f: (p, r) => predictOne(createLaw(r.law, (r.lawOptions ?? {}) as LawOptions), p, at.at) };
  }
  const k = (at && 'compute' in at ? at.flopsPerParamToken : undefined) ?? old.provenance?.flopsPerParamToken ?? 6;
  let C = at && 'compute' in at ? at.compute : undefined;
  if (!chinchillaParamsOf(old.params) || !chinchillaParamsOf(next.params)) {
    if (C !== undefined) throw new InputError('--compute needs two fits with Chinchilla parameters (E, A, B, alpha, beta); use --at for other laws');
    return undefined;
  }
  if (C === undefined) {
    const N = old.data.inputs.N, D = old.data.inputs.D;
    if (!N || !D) return undefined;
    C = Math.max(...N.map((n, i) => k * n * D[i]));
  }
  const budget = C;
  return { label: `compute-optimal N at C = ${budget.toExponential(2)} FLOPs`, f: (p) => optimalForCompute(chinchillaParamsOf(p)!, budget, k).N };
}

export function diffReports(old: FitReport, next: FitReport, at?: DiffAt): ReportDiff {
  const warnings: string[] = [];
  if (old.law !== next.law) warnings.push(`different laws (${old.law} → ${next.law}): only the prediction is comparable`);
  const byRun = Boolean(old.data.run?.length && next.data.run?.length);
  const a = keys(old, byRun), b = keys(next, byRun);
  const inOld = new Set(a), inNew = new Set(b);
  const oldLoss = new Map(a.map((key, i) => [key, old.data.loss[i]]));
  const changed = byRun ? b.filter((key, i) => oldLoss.has(key) && oldLoss.get(key) !== next.data.loss[i]) : [];
  const runs = { added: b.filter((x) => !inOld.has(x)), removed: a.filter((x) => !inNew.has(x)), changed, kept: b.filter((x) => inOld.has(x)).length, keyedBy: byRun ? ('run' as const) : ('inputs' as const) };
  const params = old.law === next.law
    ? Object.keys(old.params).filter((n) => Object.hasOwn(next.params, n)).map((name) => ({ name, ...compare(old.params[name], next.params[name], old.bootstrap?.ci95[name], next.bootstrap?.ci95[name]) }))
    : [];
  if (!old.bootstrap) warnings.push('the old fit has no bootstrap: no interval to judge the change against (refit with --bootstrap)');
  const h = headline(old, next, at);
  let prediction: ReportDiff['prediction'];
  if (h) {
    const oldV = h.f(old.params, old), newV = h.f(next.params, next);
    prediction = { label: h.label, ...compare(oldV, newV, interval95(old, (p) => h.f(p, old)), interval95(next, (p) => h.f(p, next))) };
  } else if (!at) warnings.push('no headline prediction for this law: give --at NAME=VALUE,… to compare one');
  return { law: { old: old.law, new: next.law }, runs, params, ...(prediction ? { prediction } : {}), moved: prediction?.withinOldInterval === false, warnings };
}

// ------------------------------------------------------------------ text (CLI and extension)

const iv = (v?: [number, number]) => (v ? ` [${h(v[0])}, ${h(v[1])}]` : '');
const verdict = (d: DiffValue) => (d.withinOldInterval === undefined ? '' : d.withinOldInterval ? '  within the old interval' : '  OUTSIDE the old interval');
const line = (name: string, d: DiffValue) => `  ${name}: ${h(d.old)}${iv(d.oldInterval)} → ${h(d.new)}${iv(d.newInterval)} (${d.change >= 0 ? '+' : ''}${(100 * d.change).toFixed(1)} %)${verdict(d)}`;

/** The diff as plain lines: `scaling-laws diff` prints it; the extension's Compare with Previous Fit shows it. */
export function diffText(d: ReportDiff): string {
  const out = [`law: ${d.law.old}${d.law.new !== d.law.old ? ` → ${d.law.new}` : ''}`];
  out.push(`runs (by ${d.runs.keyedBy}): ${d.runs.kept} kept, ${d.runs.added.length} added, ${d.runs.removed.length} removed${d.runs.changed.length ? `, ${d.runs.changed.length} with a changed loss` : ''}`);
  for (const r of d.runs.added) out.push(`  + ${r}`);
  for (const r of d.runs.removed) out.push(`  − ${r}`);
  for (const r of d.runs.changed) out.push(`  ~ ${r}`);
  if (d.params.length) out.push('parameters:', ...d.params.map((p) => line(p.name, p)));
  if (d.prediction) out.push(`headline:`, line(d.prediction.label, d.prediction));
  for (const w of d.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

