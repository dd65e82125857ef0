// scaling-laws diff old.json new.json [--at N=..,D=.. | --compute C] [--json]: what changed between
// two fits. Exit code 3 when the headline prediction left the old fit's 95 % interval (a CI guard).
import { formatHumanNumber as h } from '../../core/table/numbers';
import { diffTask } from '../../tasks/diff';
import { DIFF_FLAGS, diffRequestFromFlags } from '../../tasks/flags/diff';
import type { ReportDiff } from '../../protocol/tasks';
import type { DiffValue } from '../../core/report/diff';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { parseArgs, UsageError, type CliIO } from '../args';

export const FLAGS = DIFF_FLAGS;

/** Exit code when the headline moved out of its earlier interval (0 ok, 1 failed, 2 bad input). */
export const MOVED_EXIT = 3;

const iv = (v?: [number, number]) => (v ? ` [${h(v[0])}, ${h(v[1])}]` : '');
const verdict = (d: DiffValue) => (d.withinOldInterval === undefined ? '' : d.withinOldInterval ? '  within the old interval' : '  OUTSIDE the old interval');
const line = (name: string, d: DiffValue) => `  ${name}: ${h(d.old)}${iv(d.oldInterval)} → ${h(d.new)}${iv(d.newInterval)} (${d.change >= 0 ? '+' : ''}${(100 * d.change).toFixed(1)} %)${verdict(d)}`;

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

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, DIFF_FLAGS);
  if (positional.length !== 2) throw new UsageError('diff needs two FitReports: old.json new.json');
  const d = diffTask(diffRequestFromFlags(positional[0], positional[1], flags), nodeTaskContext());
  io.out(flags.json ? JSON.stringify(d, null, 2) + '\n' : diffText(d));
  return d.moved ? MOVED_EXIT : 0;
}
