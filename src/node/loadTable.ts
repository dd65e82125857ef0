// Node-side entry to ingestion: read a path (file or folder) into a RunTable.
// Files are read with streams (fs.createReadStream) and fed to the pure parsers in src/core/ingest in
// chunks, so a 1 GB CSV is never one string; memory is bounded by the numeric columns kept.
// Formats are detected by name, then by content. Folders: MLflow file stores, TensorBoard log dirs,
// Lightning logs, or "a folder of runs" (each file or subfolder a run, with a sibling config/params file).
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CsvParser } from '../core/ingest/csv';
import { formatFromName, lfsPointerMessage, sniffContent } from '../core/ingest/detect';
import { IngestError } from '../core/ingest/errors';
import { JsonlParser, jsonDocumentToTable, parseJsonText } from '../core/ingest/json';
import { planLayout, type PlannedRun } from '../core/ingest/layout';
import { mlflowRunName, mlflowRunTable, type MlflowMetricFile } from '../core/ingest/mlflow';
import { InputError } from '../core/errors';
import type { IngestOptions } from '../core/ingest/options';
import { parseTextLog } from '../core/ingest/textLog';
import { TfEventsParser } from '../core/ingest/tfevents';
import { looksLikeWandbCsv, parseParquet, wandbCsvToLong } from '../core/ingest/wandb';
import { concatTables, flattenConfig, mergeRowsByKey, withConstants } from '../core/table/combine';
import { inferRoles } from '../core/table/inferRoles';
import { reduceCurves, type ReduceOptions } from '../core/table/reduce';
import type { FolderLayout, RunTable } from '../core/table/runTable';
import { applyLog10 } from '../core/table/shape';
import { applyHeaderUnits } from '../core/table/units';
import { walkFolder } from './walkFolder';

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

export async function loadTable(path: string, options: LoadOptions = {}): Promise<RunTable> {
  try {
    let table = await loadRaw(path, options);
    table = applyHeaderUnits(table);
    if (options.log10 && options.log10.length) table = applyLog10(table, options.log10);
    if (!options.noInference) table = inferRoles(table, { pplToLoss: options.pplToLoss, loss: options.loss, lossPurpose: options.lossPurpose ?? (options.reduce ? 'final' : undefined) });
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

async function loadRaw(path: string, options: LoadOptions): Promise<RunTable> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      /* not there at all */
    }
    if (link) throw new InputError(`${path}: ${code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link (its target does not exist)'}`);
    throw new InputError(`${path}: ${code === 'EACCES' ? 'permission denied' : 'no such file or folder'}`);
  }
  if (st.isDirectory()) return loadFolder(path, options);
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

interface Detected {
  format: string;
  /** CSV only: false when the first row is data. */
  header?: boolean;
}

/** Format of a file: its content first (LFS pointer, JSON Lines in a .json, CSV or text in a .log), then its name. */
function detect(path: string, options: LoadOptions): Detected {
  if (options.format) return { format: options.format };
  const head = readHead(path);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw new InputError(`${path}:1:1: expected UTF-8 text, found a UTF-16 byte-order mark (re-save the file as UTF-8)`);
  const g = sniffContent(head, head.length < 4096);
  if (g.kind === 'lfs-pointer') throw new InputError(lfsPointerMessage(path, g.lfsSize));
  const byName = formatFromName(path);
  if (g.kind === 'empty') {
    if (byName) return { format: byName }; // its parser says what it expected
    throw new InputError(`${path}:1:1: expected a log, found an empty file`);
  }
  if (byName === 'tfevents' || byName === 'parquet') return { format: byName };
  if (g.kind === 'tfevents' || g.kind === 'parquet') return { format: g.kind };
  if (g.kind === 'binary') throw new InputError(`${path}: binary data of an unknown format (not CSV, JSON, TensorBoard or Parquet)`);
  const delimited = g.kind === 'csv' || g.kind === 'tsv' ? g.header : undefined;
  if (byName === 'jsonl') return { format: 'jsonl' };
  if (byName === 'json' || byName === 'hf-trainer') return { format: g.kind === 'jsonl' ? 'jsonl' : byName };
  if (byName === 'csv' || byName === 'tsv' || byName === 'lightning') return { format: byName, header: delimited };
  // A name that does not say (.log, .txt, .out, none): the content decides.
  switch (g.kind) {
    case 'json':
    case 'jsonl':
    case 'mlflow-metric':
      return { format: g.kind };
    case 'csv':
    case 'tsv':
      return { format: g.kind, header: delimited };
    default:
      return { format: 'text-log' };
  }
}

// ---------------------------------------------------------------- text decoding
// Text is decoded as UTF-8 with errors reported, not replaced: a Latin-1 file (é as one byte 0xE9) is read
// again as Windows-1252 and the table says so, instead of silently turning its accents into U+FFFD.

class NotUtf8 extends Error {}

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    if ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] > 0x9f) || (c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] > 0x8f)) return i;
    i += n + 1;
  }
  return -1;
}

function latin1Warning(path: string): string {
  const bytes = readFileSync(path);
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++)
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  const where = at >= 0 ? ` (byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${at - lineStart + 1})` : '';
  return `${path}: not valid UTF-8${where}; decoded as Windows-1252 (Latin-1) instead: check any accented or non-Latin text`;
}

async function decodeStream(path: string, push: (chunk: string) => void, encoding: 'utf-8' | 'windows-1252'): Promise<void> {
  if (encoding === 'windows-1252') {
    const dec = new TextDecoder(encoding);
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) push(dec.decode(chunk as Buffer, { stream: true }));
    const tail = dec.decode();
    if (tail) push(tail);
    return;
  }
  // Node's own UTF-8 stream decoding (the fastest path for the parsers) turns bad bytes into U+FFFD; a chunk
  // holding U+FFFD (never the case for plain ASCII text) has the file's bytes checked once afterwards.
  let suspect = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK })) {
    if (!suspect && (chunk as string).includes('\uFFFD')) suspect = true;
    push(chunk as string);
  }
  if (suspect && firstInvalidUtf8(readFileSync(path)) >= 0) throw new NotUtf8();
}

/** Stream a text file through a fresh parser; when it is not UTF-8, once more as Windows-1252, with a warning. */
async function parseTextStream(path: string, make: () => { push(chunk: string): void; end(): RunTable }): Promise<RunTable> {
  let p = make();
  try {
    await decodeStream(path, (c) => p.push(c), 'utf-8');
    return p.end();
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
  }
  p = make();
  await decodeStream(path, (c) => p.push(c), 'windows-1252');
  const t = p.end();
  t.warnings.unshift(latin1Warning(path));
  return t;
}

function readWhole(path: string, size: number, what: string): Buffer {
  if (size > MAX_WHOLE_FILE) throw new InputError(`${path}: ${what} files are read whole and this one is ${(size / 2 ** 20).toFixed(0)} MB (limit ${MAX_WHOLE_FILE / 2 ** 20} MB); use CSV or JSONL for large logs`);
  return readFileSync(path);
}

/** A whole file as text: UTF-8, or Windows-1252 with a warning when it is not UTF-8. */
function readWholeText(path: string, size: number, what: string): { text: string; warning?: string } {
  const bytes = readWhole(path, size, what);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), warning: latin1Warning(path) };
  }
}

function withWarning(t: RunTable, warning: string | undefined): RunTable {
  if (warning) t.warnings.unshift(warning);
  return t;
}

/** A .json file holding JSON Lines that the head did not reveal (a first record longer than the sniffed bytes). */
function looksLikeJsonLines(text: string): boolean {
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  try {
    const first = JSON.parse(text.slice(0, nl));
    return first !== null && typeof first === 'object' && !Array.isArray(first) && /^\s*\{/.test(text.slice(nl + 1));
  } catch {
    return false;
  }
}

export async function loadFile(path: string, options: LoadOptions, size = statSync(path).size): Promise<RunTable> {
  const { format, header } = detect(path, options);
  const file = path;
  switch (format) {
    case 'csv':
    case 'tsv':
    case 'lightning':
    case 'wandb-csv': {
      let t = await parseTextStream(path, () => new CsvParser({
        file,
        delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : undefined),
        nonFinite: options.nonFinite,
        maxRecordChars: options.maxRecordChars,
        format: format === 'lightning' ? 'lightning' : undefined,
        header,
      }));
      if (header === false) t.warnings.push(`${file}: no header row (the first row is numbers): columns are named column_1 … column_${t.columns.length}`);
      const names = t.columns.map((c) => c.name);
      if (format === 'wandb-csv' || (format !== 'lightning' && looksLikeWandbCsv(names))) return wandbCsvToLong(t, file);
      if (format === 'lightning') {
        // Lightning's CSVLogger writes each log_metrics call as its own sparse row: merge rows of one step.
        t = mergeRowsByKey(t, names.includes('step') ? ['step'] : ['epoch']);
        t.format = 'lightning';
      }
      return t;
    }
    case 'jsonl':
      return parseTextStream(path, () => new JsonlParser({ file, nonFinite: options.nonFinite, maxLineChars: options.maxRecordChars }));
    case 'json':
    case 'hf-trainer': {
      const { text, warning } = readWholeText(path, size, 'JSON');
      if (!options.format && looksLikeJsonLines(text)) {
        const p = new JsonlParser({ file, nonFinite: options.nonFinite, maxLineChars: options.maxRecordChars });
        p.push(text);
        return withWarning(p.end(), warning);
      }
      return withWarning(parseJsonText(text, { file, nonFinite: options.nonFinite }), warning);
    }
    case 'text-log': {
      const { text, warning } = readWholeText(path, size, 'text log');
      return withWarning(parseTextLog(text, { file, nonFinite: options.nonFinite }), warning);
    }
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
      return mlflowRunTable({ run: key, file, metrics: [{ key, file, text: readWholeText(path, size, 'MLflow metric').text }], params: {} });
    }
    default:
      throw new InputError(`${path}: unknown format '${format}' (known: csv, tsv, jsonl, json, tfevents, parquet, lightning, hf-trainer, wandb-csv, mlflow, text-log)`);
  }
}

// ---------------------------------------------------------------- folders

/** Read a sibling config/params file into flat run-level values (numbers and a few names). */
export function readConfig(path: string): Record<string, number | string> {
  const text = readFileSync(path, 'utf8');
  let doc: unknown;
  try {
    if (path.endsWith('.json')) doc = JSON.parse(text);
    else if (path.endsWith('.toml')) return Object.create(null);
    else doc = parseYaml(text);
  } catch (e) {
    throw new InputError(`${path}: expected a ${path.endsWith('.json') ? 'JSON' : 'YAML'} config: ${(e as Error).message.split('\n')[0]}`);
  }
  const flat = flattenConfig(doc);
  // null prototype: a key named '__proto__' or 'constructor' in a user's config is just a key
  const out: Record<string, number | string> = Object.create(null);
  for (const [k, v] of Object.entries(flat)) {
    // W&B config.yaml wraps values as {key: {value: x}} and keeps its own settings under _wandb
    if (k.startsWith('_wandb.') || k.endsWith('.desc')) continue;
    const key = k.endsWith('.value') ? k.slice(0, -6) : k;
    if (typeof v === 'number' || /^[-+]?[\d.]+(e[-+]?\d+)?\s*[kmbtKMBT]?$/.test(v)) out[key] = v;
  }
  return out;
}

/** Flat numeric values of a results/summary JSON (HF all_results.json, W&B wandb-summary.json), keys prefixed. */
function readSummary(path: string, prefix: string): Record<string, number | string> {
  const out: Record<string, number | string> = Object.create(null);
  for (const [k, v] of Object.entries(readConfig(path))) if (!k.startsWith('_')) out[prefix + k] = v;
  return out;
}

/** Rename every column except the step and time keys: 'epoch_loss' in validation/ → 'validation/epoch_loss'. */
function prefixColumns(t: RunTable, prefix: string): RunTable {
  const keep = new Set(['step', 'wall_time', 'epoch']);
  return { ...t, columns: t.columns.map((c) => (keep.has(c.name) ? c : { ...c, name: prefix + c.name })) };
}

/** Several metric files of one run (TensorBoard files of a restarted run, train/ + validation/): one row per step. */
function joinRunTables(tables: RunTable[]): RunTable {
  if (tables.length === 1) return tables[0];
  const t = concatTables(tables.map((table) => ({ table })), tables[0].format);
  return tables.every((x) => x.columns.some((c) => c.name === 'step')) ? mergeRowsByKey(t, ['step']) : t;
}

function stepsOf(t: RunTable): Set<number> {
  const c = t.columns.find((x) => x.name === 'step');
  return new Set(c && c.kind === 'number' ? Array.from(c.values).filter((v) => !Number.isNaN(v)) : []);
}

export type LayoutReport = FolderLayout;

async function readRun(dir: string, run: PlannedRun, options: LoadOptions): Promise<RunTable> {
  const abs = (p: string) => join(dir, p);
  const metrics = run.sources.filter((s) => s.role === 'metrics');
  const tables: RunTable[] = [];
  const mlflow = metrics.filter((s) => s.format === 'mlflow-metric');
  if (mlflow.length > 0) {
    const files: MlflowMetricFile[] = mlflow.map((s) => ({ key: s.key ?? basename(s.path), file: abs(s.path), text: readFileSync(abs(s.path), 'utf8') }));
    tables.push(mlflowRunTable({ run: run.id, file: abs(run.dir), metrics: files, params: {}, nonFinite: options.nonFinite }));
  }
  for (const s of metrics) {
    if (s.format === 'mlflow-metric') continue;
    const t = await loadFile(abs(s.path), { ...options, format: options.format ?? s.format, noInference: true });
    tables.push(s.prefix ? prefixColumns(t, s.prefix) : t);
  }
  let t = joinRunTables(tables);
  // detectron2 can write one iteration twice (a resumed run): one row per iteration, the last values win.
  if (run.kind === 'detectron2' && t.columns.some((c) => c.name === 'iteration')) t = mergeRowsByKey(t, ['iteration']);
  for (const s of run.sources) {
    if (s.role === 'copy' && s.format === 'hf-trainer') {
      // A checkpoint's trainer_state.json should hold the first steps of the run's log; say so when it does not.
      try {
        const copy = parseJsonText(readFileSync(abs(s.path), 'utf8'), { file: abs(s.path) });
        const main = stepsOf(t);
        const extra = [...stepsOf(copy)].filter((x) => !main.has(x));
        if (extra.length) t.warnings.push(`${abs(s.path)}: this checkpoint copy has ${extra.length} step(s) the run's log lacks (first ${extra[0]}): a resumed or restarted run? Only the run's main log is read`);
      } catch {
        t.warnings.push(`${abs(s.path)}: checkpoint copy could not be read (ignored; the run's main log is used)`);
      }
    }
  }
  const params: Record<string, string> = Object.create(null);
  let runName: string | undefined;
  for (const s of run.sources) {
    if (s.role === 'hparams') {
      if (s.format === 'mlflow-param') params[s.key ?? basename(s.path)] = readFileSync(abs(s.path), 'utf8').trim();
      else t = withConstants(t, readConfig(abs(s.path)), abs(s.path));
    } else if (s.role === 'summary') t = withConstants(t, readSummary(abs(s.path), s.prefix ?? ''), abs(s.path));
    else if (s.role === 'name') {
      const text = readFileSync(abs(s.path), 'utf8');
      runName = (s.format === 'mlflow-meta' ? mlflowRunName(text) : text.trim()) || runName;
    }
  }
  if (Object.keys(params).length) t = withConstants(t, params, abs(join(run.dir, 'params')));
  if (runName) (t as RunTable & { runName?: string }).runName = runName;
  return t;
}

function contentKey(dir: string, run: PlannedRun): string {
  const h = createHash('sha1');
  for (const s of run.sources) if (s.role !== 'copy') h.update(s.path.slice(run.dir.length)).update(readFileSync(join(dir, s.path)));
  return h.digest('hex');
}

function shortList(items: { path: string; reason: string }[], n = 6): string {
  return items.slice(0, n).map((s) => `${s.path} (${s.reason})`).join('; ') + (items.length > n ? `; … ${items.length - n} more` : '');
}

async function loadFolder(dir: string, options: LoadOptions): Promise<RunTable> {
  const walked = walkFolder(dir);
  const plan = planLayout(walked.entries, basename(dir));
  const skipped = [...plan.skipped];
  const parts: { table: RunTable; run: string }[] = [];
  const report: LayoutReport = { root: dir, kind: plan.kind, runs: [], skipped };
  const seen = new Map<string, string>();
  // W&B's latest-run repeats a run: read the runs it may repeat first, so the duplicate is the alias.
  const order = [...plan.runs.filter((r) => !r.alias), ...plan.runs.filter((r) => r.alias)];
  for (const run of order) {
    let key: string | undefined;
    try {
      key = contentKey(dir, run);
    } catch {
      key = undefined;
    }
    const same = key !== undefined ? seen.get(key) : undefined;
    if (same !== undefined) {
      skipped.push({ path: run.dir || basename(dir), reason: run.alias ? `W&B latest-run: the same run as ${same}` : `the same content as run ${same} (a copy)` });
      continue;
    }
    let table: RunTable;
    try {
      table = await readRun(dir, run, options);
    } catch (e) {
      if (e instanceof InputError || e instanceof IngestError) {
        skipped.push({ path: run.dir || basename(dir), reason: e.message.startsWith(`${dir}/`) ? e.message.slice(dir.length + 1) : e.message });
        continue;
      }
      throw e;
    }
    if (key !== undefined) seen.set(key, run.id);
    parts.push({ table, run: run.id });
    report.runs.push({
      id: run.id,
      kind: run.kind,
      dir: run.dir,
      rows: table.rowCount,
      sources: run.sources.map((s) => ({ path: s.path, role: s.role, note: s.reason ?? (s.prefix ? `columns prefixed '${s.prefix}'` : undefined) })),
    });
  }
  if (parts.length === 0) {
    const why = skipped.length === 0 ? 'the folder has no files' : skipped.length === 1 && skipped[0].reason === 'empty folder' ? 'the folder is empty' : `skipped ${shortList(skipped, 3)}`;
    throw new InputError(`${dir}: no run logs found: ${why}`);
  }
  // MLflow runs are known by their names (meta.yaml run_name) when those are unique; else by folder.
  const names = parts.map((p) => (p.table as RunTable & { runName?: string }).runName);
  if (names.every((n) => n !== undefined) && new Set(names).size === names.length)
    parts.forEach((p, i) => {
      report.runs[i].id = p.run = names[i]!;
    });
  const formats = new Set(parts.map((p) => p.table.format));
  const format = plan.kind === 'files' || plan.kind === 'hydra' || plan.kind === 'mixed' || formats.size > 1 ? 'folder' : parts[0].table.format;
  const t = concatTables(parts, format);
  const kindText = plan.kind === 'mixed' ? 'mixed layouts' : `${plan.kind} layout`;
  t.warnings.unshift(`${dir}: ${parts.length} run${parts.length === 1 ? '' : 's'} (${kindText})` + (skipped.length ? `; skipped ${skipped.length}: ${shortList(skipped)}` : ''));
  if (walked.truncated) t.warnings.unshift(walked.truncated);
  t.layout = report;
  return t;
}

/** For parsers that need one JSON document from a file (kept for callers that have text). */
export function tableFromJsonDocument(doc: unknown, file: string): RunTable {
  return jsonDocumentToTable(doc, { file });
}
