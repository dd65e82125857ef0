// scaling-laws inspect <path> [--json]: what a log file or folder contains, which roles were inferred and why.
import { formatHumanNumber } from '../../core/table/numbers';
import type { FolderLayout } from '../../core/table/runTable';
import type { InspectResult } from '../../protocol/tasks';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { INGEST_FLAGS, ingestFromFlags } from '../../tasks/flags/ingest';
import { inspectTask } from '../../tasks/inspect';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';
import { maxOf } from '../../core/numeric/stats';

export const FLAGS = {
  json: { kind: 'boolean', help: 'print the summary as JSON' },
  rows: { kind: 'number', unit: 'COUNT', help: 'also show the first COUNT rows', default: '0' },
  ...INGEST_FLAGS,
} as const;

export const HELP: CommandHelp = {
  usage: '<file|folder> [flags]',
  flags: FLAGS,
  examples: [
    { run: 'inspect examples/chinchilla-runs.csv', what: 'columns with their types, units and ranges, and which role (N, D, C, loss, …) each was given and why' },
    { run: 'inspect examples/training-log.jsonl --rows 5', what: 'a training log, with its first 5 rows' },
    { run: 'inspect examples --json', what: 'a folder: the runs found in it and the files skipped, as JSON' },
  ],
};

type InspectSummary = InspectResult;

/** The folder as a tree: each run with the files it was read from, then what was skipped and why. */
export function layoutTree(l: FolderLayout, maxSkipped = 40): string[] {
  const out = [`${l.root}: ${l.runs.length} run${l.runs.length === 1 ? '' : 's'} (${l.kind === 'mixed' ? 'mixed layouts' : `${l.kind} layout`})${l.skipped.length ? `, ${l.skipped.length} skipped` : ''}`];
  const blocks: string[][] = l.runs.map((r) => [
    `run ${r.id}  [${r.kind}, ${r.rows} row${r.rows === 1 ? '' : 's'}]`,
    ...r.sources.map((s) => `  ${s.role.padEnd(8)} ${s.path}${s.note ? `  (${s.note})` : ''}`),
  ]);
  if (l.skipped.length)
    blocks.push([
      'skipped',
      ...l.skipped.slice(0, maxSkipped).map((s) => `  ${s.path}: ${s.reason}`),
      ...(l.skipped.length > maxSkipped ? [`  … ${l.skipped.length - maxSkipped} more (inspect --json lists them all)`] : []),
    ]);
  blocks.forEach((b, i) => {
    const last = i === blocks.length - 1;
    b.forEach((line, j) => out.push(`${j === 0 ? (last ? '└── ' : '├── ') : last ? '    ' : '│   '}${line}`));
  });
  return out;
}

function human(s: InspectSummary): string {
  const lines: string[] = [];
  lines.push(`format ${s.format}, ${s.runs} run${s.runs === 1 ? '' : 's'}, ${s.rows} row${s.rows === 1 ? '' : 's'}, ${s.columns.length} columns`);
  const rows = s.columns.map((c) => [
    c.name,
    c.role ?? '',
    c.type,
    (c.unit ?? '') + (c.scale ? ` (×${c.scale.factor.toExponential().replace('e+', 'e')} '${c.scale.unit}')` : ''),
    c.min !== undefined ? `${formatHumanNumber(c.min)} … ${formatHumanNumber(c.max!)}` : '',
    c.missing ? String(c.missing) : '',
  ]);
  const head = ['column', 'role', 'type', 'unit', 'range', 'missing'];
  const w = head.map((h, j) => Math.min(40, Math.max(h.length, maxOf(rows.map((r) => r[j].length)))));
  const fmt = (r: string[]) => r.map((x, j) => (x.length > w[j] ? x.slice(0, w[j] - 1) + '…' : x.padEnd(w[j]))).join('  ').trimEnd();
  lines.push('', fmt(head), fmt(w.map((n) => '-'.repeat(n))));
  for (const r of rows) lines.push(fmt(r)); // not push(...rows): a million columns overflow the stack
  if (s.layout) lines.push('', ...layoutTree(s.layout));
  if (s.inferred.length) lines.push('', 'inferred roles:', ...s.inferred.map((i) => `  ${i.role.padEnd(5)} ← ${i.column}: ${i.reason}`));
  if (s.warnings.length) lines.push('', 'warnings:', ...s.warnings.map((x) => `  ${x}`));
  if (s.preview?.length) lines.push('', s.columns.map((c) => c.name).join('\t'), ...s.preview.map((r) => r.join('\t')));
  return lines.join('\n') + '\n';
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError('inspect needs exactly one <path> (a log file or a folder of runs)');
  const s = await inspectTask({ file: positional[0], ingest: ingestFromFlags(flags), ...(flags.rows ? { rows: flags.rows as number } : {}) }, nodeTaskContext());
  io.out(flags.json ? JSON.stringify(s, null, 2) + '\n' : human(s));
  return 0;
}
