// scaling-laws inspect <path> [--json]: what a log file or folder contains, which roles were inferred and why.
import { formatHumanNumber } from '../../core/table/numbers';
import type { InspectResult } from '../../protocol/tasks';
import { nodeTaskContext } from '../../node/taskContext';
import { INGEST_FLAGS, ingestFromFlags } from '../../tasks/flags/ingest';
import { inspectTask } from '../../tasks/inspect';
import { parseArgs, UsageError, type CliIO } from '../args';

export const FLAGS = {
  json: { kind: 'boolean', help: 'print the summary as JSON' },
  rows: { kind: 'number', unit: 'COUNT', help: 'also show the first COUNT rows', default: '0' },
  ...INGEST_FLAGS,
} as const;

type InspectSummary = InspectResult;

function human(s: InspectSummary): string {
  const lines: string[] = [];
  lines.push(`format ${s.format}, ${s.runs} run${s.runs === 1 ? '' : 's'}, ${s.rows} row${s.rows === 1 ? '' : 's'}, ${s.columns.length} columns`);
  const rows = s.columns.map((c) => [
    c.name,
    c.role ?? '',
    c.type,
    c.unit ?? '',
    c.min !== undefined ? `${formatHumanNumber(c.min)} … ${formatHumanNumber(c.max!)}` : '',
    c.missing ? String(c.missing) : '',
  ]);
  const head = ['column', 'role', 'type', 'unit', 'range', 'missing'];
  const w = head.map((h, j) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[j].length))));
  const fmt = (r: string[]) => r.map((x, j) => (x.length > w[j] ? x.slice(0, w[j] - 1) + '…' : x.padEnd(w[j]))).join('  ').trimEnd();
  lines.push('', fmt(head), fmt(w.map((n) => '-'.repeat(n))), ...rows.map(fmt));
  if (s.inferred.length) lines.push('', 'inferred roles:', ...s.inferred.map((i) => `  ${i.role.padEnd(5)} ← ${i.column}: ${i.reason}`));
  if (s.warnings.length) lines.push('', 'warnings:', ...s.warnings.map((x) => `  ${x}`));
  if (s.preview?.length) lines.push('', s.columns.map((c) => c.name).join('\t'), ...s.preview.map((r) => r.join('\t')));
  return lines.join('\n') + '\n';
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (positional.length !== 1) throw new UsageError('inspect needs exactly one <path> (a log file or a folder of runs)');
  const s = await inspectTask({ file: positional[0], ingest: ingestFromFlags(flags), ...(flags.rows ? { rows: flags.rows as number } : {}) }, nodeTaskContext());
  io.out(flags.json ? JSON.stringify(s, null, 2) + '\n' : human(s));
  return 0;
}
