// Node-side entry to ingestion: read a path (file or folder) into a RunTable.
// Files are read with streams (fs.createReadStream) and fed to the pure parsers in src/core/ingest in
// chunks, so a 1 GB CSV is never one string; memory is bounded by the numeric columns kept.
// Formats are detected by name, then by content. Folders: MLflow file stores, TensorBoard log dirs,
// Lightning logs, or "a folder of runs" (each file or subfolder a run, with a sibling config/params file).
import { createReadStream, readdirSync, readFileSync, statSync, openSync, readSync, closeSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CsvParser } from '../core/ingest/csv';
import { formatFromName, sniffFormat, type FormatGuess } from '../core/ingest/detect';
import { IngestError } from '../core/ingest/errors';
import { JsonlParser, jsonDocumentToTable, parseJsonText } from '../core/ingest/json';
import { mlflowRunName, mlflowRunTable, type MlflowMetricFile } from '../core/ingest/mlflow';
import { InputError } from '../core/errors';
import type { IngestOptions } from '../core/ingest/options';
import { TfEventsParser } from '../core/ingest/tfevents';
import { looksLikeWandbCsv, parseParquet, wandbCsvToLong } from '../core/ingest/wandb';
import { concatTables, flattenConfig, mergeRowsByKey, withConstants } from '../core/table/combine';
import { inferRoles } from '../core/table/inferRoles';
import { reduceCurves, type ReduceOptions } from '../core/table/reduce';
import type { RunTable } from '../core/table/runTable';
import { applyLog10 } from '../core/table/shape';

export interface LoadOptions extends IngestOptions {
  /** Longest CSV record / JSONL line accepted, in characters. */
  maxRecordChars?: number;
  /** Skip role inference (the caller maps roles itself). */
  noInference?: boolean;
}

/** Bad input (missing, unreadable or malformed file): the CLI exits with code 2 for it. */
export { InputError };

const CHUNK = 1 << 20;
const MAX_WHOLE_FILE = 512 * 1024 * 1024;
const CONFIG_NAMES = ['config.json', 'config.yaml', 'config.yml', 'params.yaml', 'params.yml', 'params.json', 'hparams.yaml', 'hparams.yml', 'args.json', 'run_config.json', 'config.toml'];

export async function loadTable(path: string, options: LoadOptions = {}): Promise<RunTable> {
  try {
    let table = await loadRaw(path, options, 0);
    if (options.log10 && options.log10.length) table = applyLog10(table, options.log10);
    if (!options.noInference) table = inferRoles(table, { pplToLoss: options.pplToLoss });
    if (options.reduce) table = reduceCurves(table, options.reduce);
    if (table.runCount === undefined) table.runCount = countRuns(table);
    return table;
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof IngestError) throw new InputError(e.message);
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string') throw new InputError(`${path}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a folder' : err.message}`);
    if (e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError)) throw new InputError(e.message);
    throw e;
  }
}

function countRuns(t: RunTable): number {
  const c = t.columns.find((x) => x.role === 'run') ?? t.columns.find((x) => x.name === 'run');
  if (!c) return 1;
  return new Set(c.values as ArrayLike<unknown> as unknown[]).size;
}

async function loadRaw(path: string, options: LoadOptions, depth: number): Promise<RunTable> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (st.isDirectory()) return loadFolder(path, options, depth);
  return loadFile(path, options, st.size);
}

function readHead(path: string, n = 4096): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function detect(path: string, options: LoadOptions): string {
  if (options.format) return options.format;
  const byName = formatFromName(path);
  if (byName && byName !== 'csv') return byName;
  const head = readHead(path);
  if (head.length === 0) return byName ?? 'csv';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw new InputError(`${path}:1:1: expected UTF-8 text, found a UTF-16 byte-order mark (re-save the file as UTF-8)`);
  const sniffed: FormatGuess = sniffFormat(head);
  if (byName === 'csv' && (sniffed === 'tsv' || sniffed === 'mlflow-metric')) return 'csv';
  return byName === 'csv' && sniffed !== 'parquet' && sniffed !== 'tfevents' ? 'csv' : sniffed;
}

async function streamText(path: string, push: (chunk: string) => void): Promise<void> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK });
  for await (const chunk of stream) push(chunk as string);
}

function readWhole(path: string, size: number, what: string): Buffer {
  if (size > MAX_WHOLE_FILE) throw new InputError(`${path}: ${what} files are read whole and this one is ${(size / 2 ** 20).toFixed(0)} MB (limit ${MAX_WHOLE_FILE / 2 ** 20} MB); use CSV or JSONL for large logs`);
  return readFileSync(path);
}

export async function loadFile(path: string, options: LoadOptions, size = statSync(path).size): Promise<RunTable> {
  const format = detect(path, options);
  const file = path;
  switch (format) {
    case 'csv':
    case 'tsv':
    case 'lightning':
    case 'wandb-csv': {
      const p = new CsvParser({
        file,
        delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : undefined),
        nonFinite: options.nonFinite,
        maxRecordChars: options.maxRecordChars,
        format: format === 'lightning' ? 'lightning' : undefined,
      });
      await streamText(path, (c) => p.push(c));
      let t = p.end();
      const names = t.columns.map((c) => c.name);
      if (format === 'wandb-csv' || (format !== 'lightning' && looksLikeWandbCsv(names))) return wandbCsvToLong(t, file);
      if (format === 'lightning') {
        // Lightning's CSVLogger writes each log_metrics call as its own sparse row: merge rows of one step.
        t = mergeRowsByKey(t, names.includes('step') ? ['step'] : ['epoch']);
        t.format = 'lightning';
      }
      return t;
    }
    case 'jsonl': {
      const p = new JsonlParser({ file, nonFinite: options.nonFinite, maxLineChars: options.maxRecordChars });
      await streamText(path, (c) => p.push(c));
      return p.end();
    }
    case 'json':
    case 'hf-trainer':
      return parseJsonText(readWhole(path, size, 'JSON').toString('utf8'), { file, nonFinite: options.nonFinite });
    case 'tfevents': {
      const p = new TfEventsParser({ file, nonFinite: options.nonFinite });
      const stream = createReadStream(path, { highWaterMark: CHUNK });
      for await (const chunk of stream) p.push(chunk as Buffer);
      return p.end();
    }
    case 'parquet':
    case 'wandb-parquet':
      return parseParquet(readWhole(path, size, 'Parquet'), { file, nonFinite: options.nonFinite });
    case 'mlflow-metric': {
      const key = basename(path);
      return mlflowRunTable({ run: key, file, metrics: [{ key, file, text: readWhole(path, size, 'MLflow metric').toString('utf8') }], params: {} });
    }
    default:
      throw new InputError(`${path}: unknown format '${format}' (known: csv, tsv, jsonl, json, tfevents, parquet, lightning, hf-trainer, wandb-csv, mlflow)`);
  }
}

// ---------------------------------------------------------------- folders

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(p: string): string[] {
  return readdirSync(p)
    .filter((n) => !n.startsWith('.') && n !== '__pycache__' && n !== 'node_modules')
    .sort();
}

function isMlflowRun(dir: string): boolean {
  return existsSync(join(dir, 'meta.yaml')) && isDir(join(dir, 'metrics'));
}

/** Find event files below dir (depth-limited), grouped by their directory. */
function findEventFiles(dir: string, depth = 0, out: string[] = []): string[] {
  if (depth > 6) return out;
  for (const n of listDir(dir)) {
    const p = join(dir, n);
    if (n.startsWith('events.out.tfevents')) out.push(p);
    else if (isDir(p)) findEventFiles(p, depth + 1, out);
  }
  return out;
}

/** Read a sibling config/params file into flat run-level values (numbers and a few names). */
export function readConfig(path: string): Record<string, number | string> {
  const text = readFileSync(path, 'utf8');
  let doc: unknown;
  try {
    if (path.endsWith('.json')) doc = JSON.parse(text);
    else if (path.endsWith('.toml')) return {};
    else doc = parseYaml(text);
  } catch (e) {
    throw new InputError(`${path}: expected a ${path.endsWith('.json') ? 'JSON' : 'YAML'} config: ${(e as Error).message.split('\n')[0]}`);
  }
  const flat = flattenConfig(doc);
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(flat)) {
    // W&B config.yaml wraps values as {key: {value: x}}
    const key = k.endsWith('.value') ? k.slice(0, -6) : k;
    if (typeof v === 'number' || /^[-+]?[\d.]+(e[-+]?\d+)?\s*[kmbtKMBT]?$/.test(v)) out[key] = v;
  }
  return out;
}

function configFor(dir: string): { values: Record<string, number | string>; source: string } | undefined {
  for (const n of CONFIG_NAMES) {
    const p = join(dir, n);
    if (existsSync(p) && !isDir(p)) return { values: readConfig(p), source: p };
  }
  return undefined;
}

async function loadMlflowRun(dir: string, options: LoadOptions, label: string): Promise<{ table: RunTable; run: string }> {
  const metricsDir = join(dir, 'metrics');
  const metrics: MlflowMetricFile[] = [];
  const walk = (d: string) => {
    for (const n of listDir(d)) {
      const p = join(d, n);
      if (isDir(p)) walk(p);
      else metrics.push({ key: relative(metricsDir, p).split(/[\\/]/).join('/'), file: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(metricsDir);
  const params: Record<string, string> = {};
  const paramsDir = join(dir, 'params');
  if (isDir(paramsDir)) for (const n of listDir(paramsDir)) if (!isDir(join(paramsDir, n))) params[n] = readFileSync(join(paramsDir, n), 'utf8').trim();
  const meta = existsSync(join(dir, 'meta.yaml')) ? readFileSync(join(dir, 'meta.yaml'), 'utf8') : undefined;
  const run = mlflowRunName(meta) ?? label;
  let table = mlflowRunTable({ run, file: dir, metrics, params, nonFinite: options.nonFinite });
  if (Object.keys(params).length) table = withConstants(table, params, `${paramsDir}`);
  return { table, run };
}

async function loadFolder(dir: string, options: LoadOptions, depth: number): Promise<RunTable> {
  if (depth > 4) throw new InputError(`${dir}: folders nested too deeply (more than 4 levels of runs)`);
  // MLflow: a run folder, an experiment folder (runs inside), or an mlruns root (experiments inside).
  if (isMlflowRun(dir)) {
    const { table } = await loadMlflowRun(dir, options, basename(dir));
    return table;
  }
  const entries = listDir(dir);
  const mlRuns: string[] = [];
  for (const n of entries) {
    const p = join(dir, n);
    if (!isDir(p)) continue;
    if (isMlflowRun(p)) mlRuns.push(p);
    else for (const m of listDir(p)) if (isMlflowRun(join(p, m))) mlRuns.push(join(p, m));
  }
  if (mlRuns.length > 0) {
    const parts = [];
    for (const p of mlRuns) parts.push(await loadMlflowRun(p, options, relative(dir, p)));
    const t = concatTables(parts, 'mlflow');
    return t;
  }
  // TensorBoard log dir: one run per directory holding event files.
  const events = findEventFiles(dir);
  if (events.length > 0 && entries.every((n) => n.startsWith('events.out.tfevents') || isDir(join(dir, n)) || CONFIG_NAMES.includes(n))) {
    const byDir = new Map<string, string[]>();
    for (const f of events) {
      const d = relative(dir, join(f, '..')) || '.';
      const l = byDir.get(d) ?? [];
      l.push(f);
      byDir.set(d, l);
    }
    const parts: { table: RunTable; run: string }[] = [];
    for (const [d, files] of byDir) {
      const tables = [];
      for (const f of files.sort()) tables.push({ table: await loadFile(f, { ...options, format: 'tfevents' }) });
      let t = tables.length === 1 ? tables[0].table : concatTables(tables, 'tfevents');
      const cfg = configFor(join(dir, d));
      if (cfg) t = withConstants(t, cfg.values, cfg.source);
      parts.push({ table: t, run: d === '.' ? basename(dir) : d });
    }
    return concatTables(parts, 'tfevents');
  }
  // A folder of runs: each data file or subfolder is a run.
  const parts: { table: RunTable; run: string }[] = [];
  const skipped: string[] = [];
  const configHere = configFor(dir);
  for (const n of entries) {
    const p = join(dir, n);
    if (CONFIG_NAMES.includes(n) || /\.(ya?ml|toml|md|txt|py|sh|png|jpg|svg|pdf|ckpt|pt|bin|safetensors|log)$/i.test(n)) continue;
    if (isDir(p)) {
      let t: RunTable;
      try {
        t = await loadRaw(p, options, depth + 1);
      } catch (e) {
        if (e instanceof InputError && /no data files/.test(e.message)) {
          skipped.push(n);
          continue;
        }
        throw e;
      }
      const cfg = configFor(p);
      if (cfg) t = withConstants(t, cfg.values, cfg.source);
      parts.push({ table: t, run: n });
      continue;
    }
    // Files only count as runs when their name says which log format they are (README, LICENSE and
    // other unnamed files are skipped and listed); single files are sniffed by content instead.
    if (!formatFromName(n)) {
      skipped.push(n);
      continue;
    }
    let t = await loadFile(p, options);
    // sibling config named after the run: runA.csv + runA.yaml / runA.config.json
    const stem = n.replace(/\.[^.]+$/, '');
    for (const c of [`${stem}.yaml`, `${stem}.yml`, `${stem}.config.json`, `${stem}.params.json`]) {
      if (existsSync(join(dir, c))) {
        t = withConstants(t, readConfig(join(dir, c)), join(dir, c));
        break;
      }
    }
    parts.push({ table: t, run: stem });
  }
  if (parts.length === 0) throw new InputError(`${dir}: no data files found (looked for csv, tsv, jsonl, json, parquet, tfevents, MLflow runs)`);
  if (parts.length === 1 && depth > 0) return parts[0].table;
  let t = concatTables(parts, parts.every((p) => p.table.format === parts[0].table.format) && depth > 0 ? parts[0].table.format : 'folder');
  if (configHere && depth > 0) t = withConstants(t, configHere.values, configHere.source);
  if (skipped.length) t.warnings.push(`${dir}: skipped ${skipped.length} entr${skipped.length > 1 ? 'ies' : 'y'} that are not run logs: ${skipped.slice(0, 8).join(', ')}`);
  return t;
}

/** For parsers that need one JSON document from a file (kept for callers that have text). */
export function tableFromJsonDocument(doc: unknown, file: string): RunTable {
  return jsonDocumentToTable(doc, { file });
}
