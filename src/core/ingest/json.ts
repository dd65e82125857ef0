// JSONL (one JSON object per line, streamed) and JSON documents (array of records, object of arrays,
// HF trainer_state.json). Nested objects are flattened with '/' ("train": {"loss": 1} → "train/loss").
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { RunTable } from '../table/runTable';
import { IngestError, lineColumnAt, showText } from './errors';
import { LineSplitter } from './lines';
import { TableBuilder, type NonFinitePolicy } from './tableBuilder';

export interface JsonOptions {
  file: string;
  nonFinite?: NonFinitePolicy;
  maxLineChars?: number;
}

/** Offset of a JSON.parse error in `text`: V8's "at position N" when present, else jsonc-parser's first error. */
export function jsonErrorPosition(e: unknown, text: string): number | undefined {
  const m = /position (\d+)/.exec(String((e as Error)?.message ?? ''));
  if (m) return Number(m[1]);
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
  } catch {
    return nestingOffset(text) >= 0 ? nestingOffset(text) : undefined; // jsonc-parser recurses: too deep for it
  }
  return errors.length ? errors[0].offset : undefined;
}

function jsonErrorDetail(e: unknown, text: string): string {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
  } catch {
    return nestingMessage();
  }
  if (errors.length) {
    const code = printParseErrorCode(errors[0].error);
    const found = text.slice(errors[0].offset, errors[0].offset + Math.max(1, Math.min(20, errors[0].length)));
    return `${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}, found ${showText(found || 'end of input')}`;
  }
  const msg = String((e as Error)?.message ?? e);
  return msg.replace(/^JSON\.parse: /, '').replace(/, "[\s\S]*" is not valid JSON$/, '');
}

/** Python's json.dumps writes NaN / Infinity / -Infinity, which JSON.parse rejects: quote them. */
const PY_NONFINITE = /(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g;

function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (/NaN|Infinity/.test(text)) {
      try {
        return JSON.parse(text.replace(PY_NONFINITE, '"$1"'));
      } catch {
        /* report the original error */
      }
    }
    throw e;
  }
}

/** Objects nested deeper than this inside one record are refused (a log record is a few levels deep). */
export const MAX_JSON_NESTING = 64;

/** Thrown by putRecord past MAX_JSON_NESTING; callers turn it into a located IngestError. */
export class JsonNestingError extends Error {}

/** Offset in `text` where bracket nesting first exceeds `limit` (strings skipped), or -1. */
export function nestingOffset(text: string, limit = MAX_JSON_NESTING): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

function nestingMessage(): string {
  return `JSON nested more than ${MAX_JSON_NESTING} levels deep here; a metrics record is a few levels deep (is this a log?)`;
}

/** Put one record's values into row `row`, flattening nested objects. */
export function putRecord(b: TableBuilder, row: number, rec: Record<string, unknown>, line: number, prefix = '', skipped?: Set<string>, depth = 0): void {
  if (depth >= MAX_JSON_NESTING) throw new JsonNestingError(nestingMessage());
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    const name = prefix + key;
    if (v === null || v === undefined) {
      b.column(name);
      continue;
    }
    switch (typeof v) {
      case 'number':
        b.setNumber(b.column(name), row, v, line, 1);
        break;
      case 'string':
        b.setText(b.column(name), row, v, line, 1);
        break;
      case 'boolean':
        b.setNumber(b.column(name), row, v ? 1 : 0, line, 1);
        break;
      case 'object':
        if (Array.isArray(v)) {
          if (v.length === 1 && typeof v[0] === 'number') b.setNumber(b.column(name), row, v[0], line, 1);
          else skipped?.add(name);
        } else putRecord(b, row, v as Record<string, unknown>, line, name + '/', skipped, depth + 1);
        break;
      default:
        skipped?.add(name);
    }
  }
}

function skippedWarning(file: string, skipped: Set<string>): string | undefined {
  if (skipped.size === 0) return undefined;
  const names = [...skipped].slice(0, 8).map((s) => `'${s}'`).join(', ');
  return `${file}: ignored non-scalar values (arrays) in ${skipped.size} key${skipped.size > 1 ? 's' : ''}: ${names}${skipped.size > 8 ? ', …' : ''}`;
}

export class JsonlParser {
  private b: TableBuilder;
  private lines: LineSplitter;
  private skipped = new Set<string>();
  private records = 0;
  private nonBlank = 0;
  constructor(private readonly opts: JsonOptions) {
    this.b = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
    this.lines = new LineSplitter(opts.file, (t, n) => this.line(t, n), opts.maxLineChars);
  }
  push(chunk: string): void {
    this.lines.push(chunk);
  }
  private line(text: string, line: number): void {
    let i = 0;
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i === text.length) return;
    this.nonBlank++;
    if (this.nonBlank === 1 && text.indexOf('\u0000') >= 0) throw new IngestError({ file: this.opts.file, line, column: text.indexOf('\u0000') + 1 }, 'expected JSON text, found binary data (NUL bytes)');
    let rec: unknown;
    try {
      rec = parseJsonLenient(text);
    } catch (e) {
      const pos = jsonErrorPosition(e, text);
      this.b.malformedRow(line, pos === undefined ? i + 1 : pos + 1, `expected one JSON object per line: ${jsonErrorDetail(e, text)}`);
      return;
    }
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      this.b.malformedRow(line, i + 1, `expected a JSON object, found ${Array.isArray(rec) ? 'an array' : showText(String(rec))}`);
      return;
    }
    this.records++;
    try {
      putRecord(this.b, this.b.addRow(), rec as Record<string, unknown>, line, '', this.skipped);
    } catch (e) {
      if (e instanceof JsonNestingError) throw new IngestError({ file: this.opts.file, line, column: nestingOffset(text, MAX_JSON_NESTING) + 1 }, e.message);
      throw e;
    }
  }
  end(): RunTable {
    this.lines.end();
    if (this.records === 0) {
      if (this.nonBlank === 0) throw new IngestError({ file: this.opts.file, line: 1, column: 1 }, 'expected JSON lines, found an empty file');
      throw new IngestError({ file: this.opts.file, line: 1, column: 1 }, `expected JSON objects, one per line; none of ${this.nonBlank} non-blank lines is one (${this.b.malformedCount} malformed)`);
    }
    const w = skippedWarning(this.opts.file, this.skipped);
    if (w) this.b.warnings.push(w);
    return this.b.finish('jsonl');
  }
}

/** Parse a whole JSON document (text) into a RunTable. */
export function parseJsonText(text: string, opts: JsonOptions): RunTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new IngestError({ file: opts.file, line: 1, column: 1 }, 'expected a JSON document, found an empty file');
  let doc: unknown;
  try {
    doc = parseJsonLenient(text);
  } catch (e) {
    const pos = jsonErrorPosition(e, text);
    const at = pos === undefined ? { line: 1, column: 1 } : lineColumnAt(text, pos);
    throw new IngestError({ file: opts.file, ...at }, `expected valid JSON: ${e instanceof RangeError ? nestingMessage() : jsonErrorDetail(e, text)}`);
  }
  try {
    return jsonDocumentToTable(doc, opts);
  } catch (e) {
    if (!(e instanceof JsonNestingError || e instanceof RangeError)) throw e;
    const at = nestingOffset(text, MAX_JSON_NESTING);
    throw new IngestError({ file: opts.file, ...lineColumnAt(text, at < 0 ? 0 : at) }, nestingMessage());
  }
}

export function jsonDocumentToTable(doc: unknown, opts: JsonOptions): RunTable {
  const b = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
  const skipped = new Set<string>();
  if (Array.isArray(doc)) {
    let bad = 0;
    for (let i = 0; i < doc.length; i++) {
      const rec = doc[i];
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
        bad++;
        b.malformedRow(1, 1, `record ${i} is not an object`);
        continue;
      }
      putRecord(b, b.addRow(), rec as Record<string, unknown>, 1, '', skipped);
    }
    if (b.rowCount === 0) throw new IngestError({ file: opts.file, line: 1, column: 1 }, `expected an array of records (objects), found ${doc.length === 0 ? 'an empty array' : `${bad} non-objects`}`);
    const w = skippedWarning(opts.file, skipped);
    if (w) b.warnings.push(w);
    return b.finish('json');
  }
  if (doc !== null && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (Array.isArray(o.log_history)) return hfTrainerState(o, opts);
    const keys = Object.keys(o);
    const arrays = keys.filter((k) => Array.isArray(o[k]));
    if (arrays.length > 0 && arrays.length === keys.length) {
      const n = (o[arrays[0]] as unknown[]).length;
      for (const k of arrays) {
        const len = (o[k] as unknown[]).length;
        if (len !== n) throw new IngestError({ file: opts.file, line: 1, column: 1 }, `expected an object of equal-length arrays, found '${arrays[0]}' with ${n} values and '${k}' with ${len}`);
      }
      b.ensureRows(n);
      for (const k of arrays) {
        const ci = b.column(k);
        const a = o[k] as unknown[];
        for (let r = 0; r < n; r++) {
          const v = a[r];
          if (typeof v === 'number') b.setNumber(ci, r, v, 1, 1);
          else if (typeof v === 'string') b.setText(ci, r, v, 1, 1);
          else if (typeof v === 'boolean') b.setNumber(ci, r, v ? 1 : 0, 1, 1);
        }
      }
      return b.finish('json');
    }
    // A single record (e.g. one run's summary).
    if (keys.length > 0 && keys.every((k) => o[k] === null || typeof o[k] !== 'object' || !Array.isArray(o[k]))) {
      putRecord(b, b.addRow(), o, 1, '', skipped);
      return b.finish('json');
    }
  }
  throw new IngestError({ file: opts.file, line: 1, column: 1 }, 'expected an array of records, an object of equal-length arrays, or a trainer_state.json with log_history');
}

/**
 * HF Trainer trainer_state.json: `log_history` interleaves train entries ({loss, learning_rate, step})
 * and eval entries ({eval_loss, step}); entries with the same step are merged into one row.
 */
export function hfTrainerState(o: Record<string, unknown>, opts: JsonOptions): RunTable {
  const b = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
  const hist = o.log_history as unknown[];
  const rowOfStep = new Map<number, number>();
  const skipped = new Set<string>();
  let noStep = 0;
  b.column('step');
  for (const e of hist) {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) continue;
    const rec = e as Record<string, unknown>;
    const step = typeof rec.step === 'number' ? rec.step : undefined;
    let row: number;
    if (step === undefined) {
      noStep++;
      row = b.addRow();
    } else {
      const r = rowOfStep.get(step);
      if (r === undefined) {
        row = b.addRow();
        rowOfStep.set(step, row);
      } else row = r;
    }
    putRecord(b, row, rec, 1, '', skipped);
  }
  if (b.rowCount === 0) throw new IngestError({ file: opts.file, line: 1, column: 1 }, 'expected entries in log_history, found none');
  if (noStep > 0) b.warnings.push(`${opts.file}: ${noStep} log_history entr${noStep > 1 ? 'ies have' : 'y has'} no 'step'`);
  for (const k of ['total_flos', 'max_steps', 'num_train_epochs', 'train_batch_size']) {
    if (typeof o[k] === 'number') {
      const ci = b.column(k);
      for (let r = 0; r < b.rowCount; r++) b.setNumber(ci, r, o[k] as number);
    }
  }
  return b.finish('hf-trainer');
}
