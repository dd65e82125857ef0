// scaling-laws inspect <path> [--json]: what a log file or folder contains, which roles were inferred and why.
import type { FolderLayout, RunTable } from '../../core/table/runTable';
import { formatHumanNumber } from '../../core/table/numbers';
import { loadTable, type LoadOptions } from '../../node/loadTable';
import type { NonFinitePolicy } from '../../core/ingest/tableBuilder';
import { parseArgs, UsageError, type CliIO } from '../args';
import { INGEST_FLAGS, loadOptionsFromFlags } from '../ingestOptions';

export { loadOptionsFromFlags };

const FLAGS = { json: 'boolean', ...INGEST_FLAGS } as const;

export interface InspectSummary {
  format: string;
  runs: number;
  rows: number;
  columns: { name: string; role: string | null; type: 'number' | 'string'; unit: string | null; missing: number; min?: number; max?: number; scale?: { factor: number; unit: string } }[];
  warnings: string[];
  inferred: { column: string; role: string; reason: string }[];
  /** Folders only: the runs found (id, layout, files read) and every skipped file with its reason. */
  layout?: FolderLayout;
}

export function summarize(t: RunTable): InspectSummary {
  return {
    format: t.format,
    runs: t.runCount ?? 1,
    rows: t.rowCount,
    columns: t.columns.map((c) => {
      let missing = 0;
      let min = Infinity;
      let max = -Infinity;
      if (c.kind === 'number') {
        for (const v of c.values) {
          if (Number.isNaN(v)) missing++;
          else {
            if (v < min) min = v;
            if (v > max) max = v;
          }
        }
      } else for (const v of c.values) if (v === '') missing++;
      const base = { name: c.name, role: c.role ?? null, type: c.kind, unit: c.unit ?? null, missing, ...(c.scale ? { scale: c.scale } : {}) };
      return c.kind === 'number' && min <= max ? { ...base, min, max } : base;
    }),
    warnings: t.warnings,
    inferred: t.inferred,
    ...(t.layout ? { layout: t.layout } : {}),
  };
}

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

/** Parse the shared ingest flags (also usable by other commands). */
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
  const w = head.map((h, j) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[j].length))));
  const fmt = (r: string[]) => r.map((x, j) => (x.length > w[j] ? x.slice(0, w[j] - 1) + '…' : x.padEnd(w[j]))).join('  ').trimEnd();
  lines.push('', fmt(head), fmt(w.map((n) => '-'.repeat(n))), ...rows.map(fmt));
  if (s.layout) lines.push('', ...layoutTree(s.layout));
  if (s.inferred.length) lines.push('', 'inferred roles:', ...s.inferred.map((i) => `  ${i.role.padEnd(5)} ← ${i.column}: ${i.reason}`));
  if (s.warnings.length) lines.push('', 'warnings:', ...s.warnings.map((x) => `  ${x}`));
  return lines.join('\n') + '\n';
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (positional.length !== 1) throw new UsageError('inspect needs exactly one <path> (a log file or a folder of runs)');
  const options = loadOptionsFromFlags(flags);
  const table: RunTable = await loadTable(positional[0], options);
  const s = summarize(table);
  io.out(flags.json ? JSON.stringify(s, null, 2) + '\n' : human(s));
  return 0;
}
