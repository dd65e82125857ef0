// MLflow file store: <root>/<experiment>/<run>/metrics/<key> files with lines "timestamp value [step]"
// (mlflow/store/tracking/file_store.py), params/<key> files holding one value, meta.yaml with run_name.
// Core side only sees texts; src/node/loadTable.ts walks the folders.
import type { RunTable } from '../table/runTable';
import { IngestError, showText } from './errors';
import { TableBuilder, type NonFinitePolicy } from './tableBuilder';

export interface MlflowMetricFile {
  /** Metric key (path under metrics/, '/' kept). */
  key: string;
  /** File name for messages. */
  file: string;
  text: string;
}

export interface MlflowRunInput {
  run: string;
  metrics: MlflowMetricFile[];
  params: Record<string, string>;
  nonFinite?: NonFinitePolicy;
  /** Name for messages about the run as a whole. */
  file: string;
}

/** Parse one MLflow metric file into (step, value) rows of the builder, merging on step. */
function addMetric(b: TableBuilder, rowOfStep: Map<number, number>, m: MlflowMetricFile, stepCol: number, timeCol: number): void {
  const ci = b.column(m.key);
  const lines = m.text.split('\n');
  let bad = 0;
  let firstBad = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const parts = line.trim().split(/\s+/);
    const ts = Number(parts[0]);
    const step = parts.length >= 3 ? Number(parts[2]) : 0;
    if ((parts.length !== 2 && parts.length !== 3) || !Number.isFinite(ts) || !Number.isInteger(step)) {
      bad++;
      if (!firstBad) firstBad = `${m.file}:${i + 1}:1: expected 'timestamp value [step]', found ${showText(line)}`;
      continue;
    }
    let row = rowOfStep.get(step);
    if (row === undefined) {
      row = b.addRow();
      rowOfStep.set(step, row);
      b.setNumber(stepCol, row, step);
    }
    b.setNumber(timeCol, row, ts);
    const col = line.indexOf(parts[1]) + 1;
    b.setText(ci, row, parts[1], i + 1, col);
  }
  if (bad > 0) b.warnings.push(`${firstBad} (${bad} malformed line${bad > 1 ? 's' : ''} skipped in ${m.file})`);
}

/** One MLflow run → a table with a row per step and a column per metric key; params broadcast. */
export function mlflowRunTable(input: MlflowRunInput): RunTable {
  const b = new TableBuilder({ file: input.file, nonFinite: input.nonFinite });
  const stepCol = b.column('step');
  const timeCol = b.column('timestamp');
  const rowOfStep = new Map<number, number>();
  const sorted = [...input.metrics].sort((a, c) => (a.key < c.key ? -1 : a.key > c.key ? 1 : 0));
  for (const m of sorted) addMetric(b, rowOfStep, m, stepCol, timeCol);
  if (b.rowCount === 0) throw new IngestError({ file: input.file }, `expected metric values in ${input.file}/metrics, found none`);
  const table = b.finish('mlflow');
  return table;
}

/** Parse meta.yaml's run_name without a YAML library (the node side may pass a parsed one instead). */
export function mlflowRunName(metaYaml: string | undefined): string | undefined {
  if (!metaYaml) return undefined;
  const m = /^run_name:\s*(.+)$/m.exec(metaYaml);
  return m ? m[1].trim().replace(/^['"]|['"]$/g, '') : undefined;
}
