// Text training logs: a small registry of line formats, one entry per format. A file is read by the
// entry that matches the most of its lines; lines no entry matches (code dumps, banners, warnings) are
// ignored and counted. A file that no entry recognises is refused with the first lines tried, never read
// as a one-column table of garbage. To add a format, add one entry to TEXT_LOG_READERS.
import type { RunTable } from '../table/runTable';
import { IngestError, showText } from './errors';
import { TableBuilder, type NonFinitePolicy } from './tableBuilder';

/** Values read from one line, as [column, value] pairs; 'step' / 'epoch' order and merge the rows. */
export type LineValues = [string, number][];

export interface TextLogReader {
  id: string;
  title: string;
  /** A line of this format, for the docs, the refusal message and the tests. */
  example: string;
  /** True for catch-all formats (key=value): they need two values on a line and lose ties to specific formats. */
  generic?: boolean;
  /** A fresh matcher; some formats carry state between lines (llm.c prints 'val loss' without its step). */
  create(): (line: string) => LineValues | undefined;
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf`;

function num(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  return Number(t);
}

/** Column name from a label: 'Train Loss' → 'train_loss'; a unit after the value is kept as a suffix. */
export function columnName(label: string, unit = ''): string {
  const base = label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_./]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const u = unit === '%' ? 'pct' : unit.toLowerCase();
  return u ? `${base}_${u}` : base;
}

const UNIT = String.raw`(%|ms|s|us|min|h)?`;

/** 'name:value' or 'name value' pairs separated by spaces, '|' or ','. */
function pairs(text: string, sep: RegExp): LineValues {
  const out: LineValues = [];
  let m: RegExpExecArray | null;
  sep.lastIndex = 0;
  while ((m = sep.exec(text)) !== null) out.push([columnName(m[1], m[3] ?? ''), num(m[2])]);
  return out;
}

const nanoGpt: TextLogReader = {
  id: 'nanogpt-log',
  title: 'nanoGPT train.py',
  example: 'step 100: train loss 3.2100, val loss 3.3000',
  create() {
    const evalLine = new RegExp(String.raw`^\s*step (\d+): train loss (${NUM}), val loss (${NUM})`);
    const iterLine = new RegExp(String.raw`^\s*iter (\d+): loss (${NUM})(?:, time (${NUM})ms)?(?:, mfu (${NUM})%)?`);
    return (line) => {
      let m = evalLine.exec(line);
      if (m) return [['step', num(m[1])], ['train_loss', num(m[2])], ['val_loss', num(m[3])]];
      m = iterLine.exec(line);
      if (!m) return undefined;
      const v: LineValues = [['step', num(m[1])], ['loss', num(m[2])]];
      if (m[3] !== undefined) v.push(['time_ms', num(m[3])]);
      if (m[4] !== undefined) v.push(['mfu_pct', num(m[4])]);
      return v;
    };
  },
};

// llm.c's main.log (train_gpt2.cu logger): 's:STEP trl:LOSS lr:.. norm:..', 's:STEP tel:VAL_LOSS', 's:STEP eval:ACC'.
const LLMC_NAMES: Record<string, string> = { trl: 'train_loss', tel: 'val_loss', eval: 'hellaswag_acc' };
const llmcMainLog: TextLogReader = {
  id: 'llmc-main-log',
  title: 'llm.c main.log',
  example: 's:100 trl:3.2100 lr:0.000600 norm:0.35',
  create() {
    const re = new RegExp(String.raw`^s:(\d+)((?:\s+[a-z_]+:(?:${NUM}))+)\s*$`);
    const kv = new RegExp(String.raw`([a-z_]+):(${NUM})`, 'g');
    return (line) => {
      const m = re.exec(line);
      if (!m) return undefined;
      const v: LineValues = [['step', num(m[1])]];
      for (const [k, x] of pairs(m[2], kv)) v.push([Object.hasOwn(LLMC_NAMES, k) ? LLMC_NAMES[k] : k, x]);
      return v;
    };
  },
};

// llm.c's console output: 'step    1/19560 | train loss 11.0098 | norm 15.35 | lr 1.00e-06 | 3400.89 ms | ...'
// The printed step is step + 1 (main.log's 's:0' is printed as 'step 1'); 'val loss X' is printed before
// the training step it precedes, so it belongs to the last printed step (main.log's 's:N tel:').
const llmcStdout: TextLogReader = {
  id: 'llmc-stdout',
  title: 'llm.c console output',
  example: 'step  100/19560 | train loss 3.210000 | norm 0.3500 | lr 6.00e-04 | 250.00 ms | 50.0% bf16 MFU | 500000 tok/s',
  create() {
    const stepLine = /^step\s+(\d+)\/(\d+)\s*\|(.*)$/;
    const valLine = new RegExp(String.raw`^val loss (${NUM})\s*$`);
    const field = new RegExp(String.raw`^\s*(?:(${NUM})\s*(%|ms)?\s+([a-zA-Z][\w ./]*?)|([a-zA-Z][\w ./]*?)\s+(${NUM})\s*(%|ms)?)\s*(?:\([^)]*\))?\s*$`);
    let last = 0;
    return (line) => {
      const v = valLine.exec(line);
      if (v) return [['step', last], ['val_loss', num(v[1])]];
      const m = stepLine.exec(line);
      if (!m) return undefined;
      last = num(m[1]);
      const out: LineValues = [['step', last - 1], ['total_steps', num(m[2])]];
      for (const part of m[3].split('|')) {
        const f = field.exec(part);
        if (!f) continue;
        if (f[1] !== undefined) {
          const label = f[3].trim().toLowerCase();
          out.push([label === 'ms' ? 'time_ms' : label === 'tok/s' ? 'tokens_per_s' : columnName(f[3], f[2] ?? ''), num(f[1])]);
        }
        else {
          const name = columnName(f[4], f[6] ?? '');
          out.push([name === 'loss' ? 'train_loss' : name, num(f[5])]);
        }
      }
      return out;
    };
  },
};

// modded-nanogpt (KellerJordan): 'step:100/4578 train_loss:3.2100 train_time:1234ms step_avg:12.34ms'.
const moddedNanoGpt: TextLogReader = {
  id: 'modded-nanogpt-log',
  title: 'modded-nanogpt',
  example: 'step:100/4578 train_loss:3.2100 train_time:12345ms step_avg:123.45ms',
  create() {
    const re = /^step:(\d+)\/(\d+)\s+(.*)$/;
    const kv = new RegExp(String.raw`([A-Za-z_][\w]*):(${NUM})${UNIT}(?=\s|$)`, 'g');
    return (line) => {
      const m = re.exec(line);
      if (!m) return undefined;
      return [['step', num(m[1])], ['total_steps', num(m[2])], ...pairs(m[3], kv)];
    };
  },
};

// Catch-alls. A log line's timestamp and level are dropped first; 'Epoch 3/30' or 'step 100' counts as
// the step / epoch; then every 'label = number' (or 'label: number') pair on the line is a value.
const PREFIX = /^\s*(?:\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\]?)?\s*(?:[-|[\]:\s]*\b(?:INFO|DEBUG|WARNING|WARN|ERROR)\b[\]:\s-]*)?/;
const COUNTER = /\b(epoch|step|iter|iteration|global_step)\b\s*[:=#]?\s*(\d+)(?:\s*\/\s*(\d+))?/i;

function genericReader(id: string, title: string, example: string, sep: string): TextLogReader {
  return {
    id,
    title,
    example,
    generic: true,
    create() {
      const kv = new RegExp(String.raw`(?:^|[\s,;|(])([A-Za-z][\w./]*(?: [A-Za-z][\w./]*){0,3})\s*${sep}\s*(${NUM})${UNIT}(?=[\s,;|)]|$)`, 'g');
      return (line) => {
        const text = line.replace(PREFIX, '');
        const found = pairs(text, kv);
        const c = COUNTER.exec(text);
        if (c && !found.some(([k]) => k === c[1].toLowerCase())) {
          found.unshift([c[1].toLowerCase() === 'iter' || c[1].toLowerCase() === 'iteration' ? 'step' : c[1].toLowerCase(), num(c[2])]);
          if (c[3] !== undefined) found.push([`total_${c[1].toLowerCase()}s`, num(c[3])]);
        }
        const values = found.filter(([k]) => !k.startsWith('total_')).length;
        return values >= 2 ? found : undefined;
      };
    },
  };
}

/** Every known text-log format, most specific first (ties go to the earlier entry). */
export const TEXT_LOG_READERS: readonly TextLogReader[] = [
  nanoGpt,
  llmcMainLog,
  llmcStdout,
  moddedNanoGpt,
  genericReader('key-value-log', 'key=value lines', 'epoch=3 step=100 loss=3.21 lr=0.0003', '='),
  genericReader('key-colon-log', 'key: value lines', 'Epoch 3/30, Train Loss: 3.21, Val Loss: 3.30', ':'),
];

/** Lines looked at to recognise a format. */
const SNIFF_LINES = 5000;

export interface TextLogOptions {
  file: string;
  nonFinite?: NonFinitePolicy;
  /** Force a reader by id. */
  reader?: string;
}

/** The reader that matches the most of the first lines, or undefined. */
export function recogniseTextLog(lines: string[]): { reader: TextLogReader; matched: number } | undefined {
  let best: { reader: TextLogReader; matched: number } | undefined;
  for (const reader of TEXT_LOG_READERS) {
    const match = reader.create();
    let matched = 0;
    for (let i = 0; i < Math.min(lines.length, SNIFF_LINES); i++) if (match(lines[i])) matched++;
    // Catch-alls need two matching lines; otherwise the most lines wins, ties to the earlier entry.
    if (matched < (reader.generic ? 2 : 1)) continue;
    if (!best || matched > best.matched) best = { reader, matched };
  }
  return best;
}

/** The refusal for a text nobody recognises: names the formats and the first lines tried. */
export function unrecognisedTextMessage(lines: string[]): string {
  const shown = lines
    .map((l, i) => [i + 1, l] as const)
    .filter(([, l]) => l.trim() !== '')
    .slice(0, 3)
    .map(([n, l]) => `line ${n} ${showText(l, 60)}`)
    .join(', ');
  return `not a log format we can read (tried ${TEXT_LOG_READERS.map((r) => r.title).join(', ')}, CSV, JSON); first lines: ${shown || '(only blank lines)'}`;
}

/** Read a whole text log into a table: one row per step (lines of the same step merge). */
export function parseTextLog(text: string, opts: TextLogOptions): RunTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  let reader: TextLogReader | undefined;
  if (opts.reader) {
    reader = TEXT_LOG_READERS.find((r) => r.id === opts.reader);
    if (!reader) throw new IngestError({ file: opts.file }, `unknown text-log format '${opts.reader}' (known: ${TEXT_LOG_READERS.map((r) => r.id).join(', ')})`);
  } else reader = recogniseTextLog(lines)?.reader;
  if (!reader) throw new IngestError({ file: opts.file, line: 1, column: 1 }, unrecognisedTextMessage(lines));
  const match = reader.create();
  const b = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
  const rowOfKey = new Map<string, number>();
  // A step counter that goes back (epoch 30, then epoch 1) starts another run in the same file (a sweep
  // script's log, or a restart): each part becomes its own run, never pooled.
  let part = 1;
  let partCol = -1;
  let lastKey = -Infinity;
  const stem = opts.file.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '');
  let matched = 0;
  let ignored = 0;
  let firstIgnored = -1;
  for (let i = 0; i < lines.length; i++) {
    const values = match(lines[i]);
    if (!values) {
      if (lines[i].trim() !== '') {
        ignored++;
        if (firstIgnored < 0) firstIgnored = i;
      }
      continue;
    }
    matched++;
    const key = values.find(([k]) => k === 'step') ?? values.find(([k]) => k === 'epoch');
    let row: number;
    if (key && key[1] < lastKey) {
      part++;
      rowOfKey.clear();
      if (partCol < 0) {
        partCol = b.column('run');
        for (let r = 0; r < b.rowCount; r++) b.setText(partCol, r, `${stem}#1`, 0, 0);
      }
    }
    if (key) lastKey = key[1];
    if (key) {
      const id = `${key[0]}=${key[1]}`;
      const r = rowOfKey.get(id);
      if (r === undefined) {
        row = b.addRow();
        rowOfKey.set(id, row);
      } else row = r;
    } else row = b.addRow();
    for (const [k, v] of values) b.setNumber(b.column(k), row, v, i + 1, 1);
    if (partCol >= 0) b.setText(partCol, row, `${stem}#${part}`, i + 1, 1);
  }
  if (part > 1) b.warnings.push(`${opts.file}: the step counter starts over ${part - 1} time${part > 2 ? 's' : ''}: read as ${part} runs (${stem}#1 … ${stem}#${part}), one per part`);
  if (matched === 0) throw new IngestError({ file: opts.file, line: 1, column: 1 }, `no line reads as ${reader.title} (e.g. ${showText(reader.example, 60)})`);
  b.warnings.push(
    `${opts.file}: read as a ${reader.title} text log (${matched} line${matched === 1 ? '' : 's'} with values` +
      (ignored ? `; ${ignored} other line${ignored === 1 ? '' : 's'} ignored, first at line ${firstIgnored + 1}: ${showText(lines[firstIgnored], 50)}` : '') +
      ')',
  );
  return b.finish(reader.id);
}
