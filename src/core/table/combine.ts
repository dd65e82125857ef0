// Combine RunTables: stack runs (a folder of runs), attach run-level values (config/params), merge sparse
// rows that share a key (Lightning metrics.csv writes train and val metrics of one step on separate rows).
import { parseHumanNumber } from './numbers';
import type { Column, RunTable } from './runTable';

/** Stack tables (union of columns, missing cells NaN / ''); adds a 'run' column naming each part when asked. */
export function concatTables(parts: { table: RunTable; run?: string }[], format: string): RunTable {
  const names: string[] = [];
  const kinds = new Map<string, 'number' | 'string'>();
  const addRun = parts.some((p) => p.run !== undefined);
  const runName = addRun && parts.some((p) => p.table.columns.some((c) => c.name === 'run')) ? 'run_name' : 'run';
  for (const { table } of parts)
    for (const c of table.columns) {
      if (!kinds.has(c.name)) {
        names.push(c.name);
        kinds.set(c.name, c.kind);
      } else if (kinds.get(c.name) !== c.kind) kinds.set(c.name, 'string');
    }
  const total = parts.reduce((s, p) => s + p.table.rowCount, 0);
  const columns: Column[] = [];
  if (addRun) {
    const v: string[] = new Array(total);
    let o = 0;
    for (const p of parts) for (let i = 0; i < p.table.rowCount; i++) v[o++] = p.run ?? '';
    columns.push({ kind: 'string', name: runName, values: v });
  }
  for (const name of names) {
    const kind = kinds.get(name)!;
    let role: Column['role'];
    let unit: string | undefined;
    if (kind === 'number') {
      const v = new Float64Array(total).fill(NaN);
      let o = 0;
      for (const p of parts) {
        const c = p.table.columns.find((x) => x.name === name);
        if (c && c.kind === 'number') {
          v.set(c.values, o);
          role ??= c.role;
          unit ??= c.unit;
        }
        o += p.table.rowCount;
      }
      columns.push({ kind: 'number', name, values: v, role, unit });
    } else {
      const v: string[] = new Array(total).fill('');
      let o = 0;
      for (const p of parts) {
        const c = p.table.columns.find((x) => x.name === name);
        if (c) for (let i = 0; i < p.table.rowCount; i++) v[o + i] = c.kind === 'number' ? (Number.isNaN(c.values[i]) ? '' : String(c.values[i])) : c.values[i];
        if (c) role ??= c.role;
        o += p.table.rowCount;
      }
      columns.push({ kind: 'string', name, values: v, role });
    }
  }
  const warnings = collapseRepeats(parts.flatMap((p) => p.table.warnings));
  const inferred = parts.flatMap((p) => p.table.inferred);
  const runs = addRun ? new Set(parts.filter((p) => p.table.rowCount > 0).map((p) => p.run)).size : undefined;
  return { format, columns, rowCount: total, warnings, inferred, runCount: runs };
}

/**
 * One line for a note every run repeats: a folder of 12 Lightning versions otherwise lists
 * "…/version_N/hparams.yaml: added run-level values n_params, tokens" twelve times and buries the
 * warnings that matter. Same text → "(in 12 runs)"; same file name and text under different run
 * folders → "hparams.yaml of 12 runs (…/version_0, …/version_1, …): …". Order of first appearance.
 */
export function collapseRepeats(warnings: string[]): string[] {
  const groups = new Map<string, { first: number; original: string; dirs: string[]; text: string; file?: string }>();
  warnings.forEach((w, i) => {
    // "PATH/FILE: text", where PATH looks like a path (absolute, ./ or a drive); else the whole text.
    const m = /^((?:[A-Za-z]:)?[\\/.][^:]*[\\/])([^\\/:]+): (.*)$/s.exec(w);
    const key = m ? `${m[2]}\u0000${m[3]}` : w;
    const g = groups.get(key) ?? { first: i, original: w, dirs: [], text: m ? m[3] : w, ...(m ? { file: m[2] } : {}) };
    g.dirs.push(m ? m[1].replace(/[\\/]$/, '') : '');
    groups.set(key, g);
  });
  return [...groups.values()].sort((a, b) => a.first - b.first).map((g) => {
    if (g.dirs.length === 1) return g.original;
    if (!g.file) return `${g.text} (in ${g.dirs.length} runs)`;
    const tail = (d: string) => `…/${d.split(/[\\/]/).pop()}`;
    return `${g.file} of ${g.dirs.length} runs (${g.dirs.slice(0, 3).map(tail).join(', ')}${g.dirs.length > 3 ? ', …' : ''}): ${g.text}`;
  });
}

/** Add constant columns (run-level values such as N from a config) to every row; existing names win. */
export function withConstants(table: RunTable, values: Record<string, number | string>, source: string): RunTable {
  const columns = [...table.columns];
  const warnings = [...table.warnings];
  for (let [name, v] of Object.entries(values)) {
    if (columns.some((c) => c.name === name)) continue;
    if (typeof v === 'string' && !Number.isNaN(parseHumanNumber(v))) v = parseHumanNumber(v);
    if (typeof v === 'number') columns.push({ kind: 'number', name, values: new Float64Array(table.rowCount).fill(v), unit: undefined });
    else columns.push({ kind: 'string', name, values: new Array(table.rowCount).fill(v) });
  }
  if (Object.keys(values).length > 0) warnings.push(`${source}: added run-level values ${Object.keys(values).slice(0, 12).join(', ')}${Object.keys(values).length > 12 ? ', …' : ''}`);
  return { ...table, columns, warnings };
}

/**
 * Merge rows sharing the same key (e.g. step): for every column the last non-missing value wins.
 * Row order follows the first appearance of each key. Rows whose key is missing are kept as they are.
 */
export function mergeRowsByKey(table: RunTable, keyColumns: string[]): RunTable {
  const keys = keyColumns.map((k) => table.columns.find((c) => c.name === k)).filter((c): c is Column => !!c);
  if (keys.length === 0) return table;
  const n = table.rowCount;
  const target = new Int32Array(n);
  const index = new Map<string, number>();
  let out = 0;
  for (let i = 0; i < n; i++) {
    let key = '';
    let missing = false;
    for (const c of keys) {
      const v = c.values[i];
      if (typeof v === 'number' && Number.isNaN(v)) missing = true;
      key += String(v) + '\u0000';
    }
    if (missing) {
      target[i] = out++;
      continue;
    }
    const t = index.get(key);
    if (t === undefined) {
      index.set(key, out);
      target[i] = out++;
    } else target[i] = t;
  }
  if (out === n) return table;
  const columns: Column[] = table.columns.map((c) => {
    if (c.kind === 'number') {
      const v = new Float64Array(out).fill(NaN);
      for (let i = 0; i < n; i++) if (!Number.isNaN(c.values[i])) v[target[i]] = c.values[i];
      return { ...c, values: v };
    }
    const v: string[] = new Array(out).fill('');
    for (let i = 0; i < n; i++) if (c.values[i] !== '') v[target[i]] = c.values[i];
    return { ...c, values: v };
  });
  return { ...table, columns, rowCount: out, warnings: [...table.warnings, `merged ${n} sparse rows into ${out} rows by ${keyColumns.join(', ')}`] };
}

/** Flatten a parsed config (HF config.json, YAML, MLflow params) to scalar values: {a: {b: 1}} → {'a.b': 1}. */
export function flattenConfig(obj: unknown, prefix = '', out: Record<string, number | string> = Object.create(null), depth = 0): Record<string, number | string> {
  if (obj === null || typeof obj !== 'object' || depth > 6) return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[name] = v;
    else if (typeof v === 'string' && v.length <= 200) out[name] = v;
    else if (typeof v === 'boolean') out[name] = v ? 1 : 0;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flattenConfig(v, name, out, depth + 1);
  }
  return out;
}
