// Format detection from a file name and its first bytes.
import { maskedCrc32c } from './crc32c';

export type FormatGuess = 'csv' | 'tsv' | 'jsonl' | 'json' | 'tfevents' | 'parquet' | 'lightning' | 'hf-trainer' | 'mlflow-metric';

/** Format implied by a file name alone, if any. */
export function formatFromName(name: string): FormatGuess | undefined {
  const base = name.split(/[\\/]/).pop()!.toLowerCase();
  if (base.startsWith('events.out.tfevents') || base.endsWith('.tfevents')) return 'tfevents';
  if (base.endsWith('.parquet')) return 'parquet';
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson') || base.endsWith('.jsonlines')) return 'jsonl';
  if (base === 'trainer_state.json') return 'hf-trainer';
  if (base.endsWith('.json')) return 'json';
  if (base.endsWith('.tsv') || base.endsWith('.tab')) return 'tsv';
  if (base === 'metrics.csv') return 'lightning';
  if (base.endsWith('.csv')) return 'csv';
  return undefined;
}

/** Format from the first bytes of a file (at least 64 bytes when the file is that long). */
export function sniffFormat(head: Uint8Array): FormatGuess {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  if (head.length >= 12) {
    const dv = new DataView(head.buffer, head.byteOffset, head.length);
    if (maskedCrc32c(head, 0, 8) === dv.getUint32(8, true)) return 'tfevents';
  }
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
  if (head[i] === 0x5b) return 'json'; // '['
  if (head[i] === 0x7b) {
    // '{': JSONL when the first line closes an object and another '{' line follows
    const text = new TextDecoder().decode(head.subarray(i));
    const nl = text.indexOf('\n');
    if (nl > 0 && /}\s*$/.test(text.slice(0, nl)) && /^\s*{/.test(text.slice(nl + 1))) return 'jsonl';
    return 'json';
  }
  // MLflow metric lines: "1700000000000 2.31 10"
  const text = new TextDecoder().decode(head.subarray(0, Math.min(head.length, 256)));
  const first = text.split('\n')[0];
  if (/^\d{9,14} [-+0-9.eEnaNIinf]+( \d+)?\r?$/.test(first)) return 'mlflow-metric';
  const line = first;
  if ((line.match(/\t/g) ?? []).length > (line.match(/,/g) ?? []).length) return 'tsv';
  return 'csv';
}

// ---------------------------------------------------------------- content sniffing
// What a file holds, from its first bytes, before its name is trusted: a `.json` that is JSON Lines
// (detectron2 metrics.json, Ray Tune result.json), a `.log` that is a CSV (Keras CSVLogger), a text log,
// or a Git LFS pointer standing in for a file that was never downloaded.

export type ContentKind = 'empty' | 'lfs-pointer' | 'binary' | 'parquet' | 'tfevents' | 'json' | 'jsonl' | 'mlflow-metric' | 'csv' | 'tsv' | 'text';

export interface ContentGuess {
  kind: ContentKind;
  /** For csv/tsv: false when the first row is numbers (no header row). */
  header?: boolean;
  /** For lfs-pointer: the size of the real file, in bytes. */
  lfsSize?: number;
}

const LFS_HEAD = 'version https://git-lfs.github.com/spec/';

/** The size of the real file when `head` is a Git LFS pointer (three short lines: version, oid, size). */
export function lfsPointerSize(head: Uint8Array): number | undefined {
  if (head.length > 1024 || head.length < LFS_HEAD.length) return undefined;
  const text = new TextDecoder().decode(head);
  if (!text.startsWith(LFS_HEAD)) return undefined;
  if (!/^oid sha256:[0-9a-f]{64}$/m.test(text)) return undefined;
  const m = /^size (\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** One-line message for an LFS pointer, used wherever one is met. */
export function lfsPointerMessage(file: string, size: number | undefined): string {
  return `${file}: this is a Git LFS pointer, not the file itself${size !== undefined ? ` (the real file has ${size} bytes)` : ''}: run \`git lfs pull\``;
}

const NUMBER_CELL = /^\s*"?[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?"?\s*$/;

function splitCells(line: string, d: string): string[] {
  return line.replace(/"[^"]*"/g, (q) => q.replace(new RegExp(d === '|' ? '\\|' : d, 'g'), ' ')).split(d);
}

/**
 * CSV when the first lines split into the same number (>= 2) of fields on one delimiter, or when
 * every line is one number under a one-word header. Returns the delimiter and whether line 1 is a header.
 */
export function sniffDelimited(lines: string[]): { delimiter: string; header: boolean } | undefined {
  const rows = lines.filter((l) => l.trim() !== '').slice(0, 20);
  if (rows.length === 0) return undefined;
  // A line cut by the end of the sniffed head is not evidence either way.
  for (const d of [',', '\t', ';', '|']) {
    const counts = rows.map((l) => splitCells(l, d).length);
    const n = counts[0];
    if (n < 2) continue;
    const same = counts.filter((c) => c === n).length;
    if (same < Math.max(1, Math.ceil(rows.length * 0.9) - 1)) continue;
    const first = splitCells(rows[0], d);
    const header = !first.every((c) => NUMBER_CELL.test(c) || c.trim() === '');
    // Data rows of a metrics table are mostly numbers; a text log with commas ("iter 10: loss 2.1, time 3ms") is not.
    let cells = 0;
    let numeric = 0;
    for (const l of rows.slice(header ? 1 : 0))
      for (const c of splitCells(l, d)) {
        cells++;
        if (NUMBER_CELL.test(c) || c.trim() === '' || /^\s*"?[-+]?(nan|inf|infinity|true|false)"?\s*$/i.test(c)) numeric++;
      }
    if (cells > 0 && numeric * 2 < cells) continue;
    if (cells === 0 && first.some((c) => /:\s|\s\d/.test(c))) continue;
    return { delimiter: d, header };
  }
  // One column: a name, then numbers only.
  if (rows.length >= 2 && /^\s*"?[A-Za-z_][\w./ -]*"?\s*$/.test(rows[0]) && rows.slice(1).every((l) => NUMBER_CELL.test(l))) return { delimiter: ',', header: true };
  return undefined;
}

/** Kind of content from the first bytes of a file (4 KiB is plenty). */
export function sniffContent(head: Uint8Array, complete = false): ContentGuess {
  if (head.length === 0) return { kind: 'empty' };
  const lfs = lfsPointerSize(head);
  if (lfs !== undefined) return { kind: 'lfs-pointer', lfsSize: lfs };
  const guess = sniffFormat(head);
  if (guess === 'parquet' || guess === 'tfevents') return { kind: guess };
  let nul = 0;
  for (let i = 0; i < Math.min(head.length, 4096); i++) if (head[i] === 0) nul++;
  if (nul > 0) return { kind: 'binary' };
  let text = new TextDecoder().decode(head);
  // '[2026-02-26 21:48:50][INFO] …' opens like a JSON array but is a log line: a bracketed tag with text after it.
  const firstLine = text.replace(/^\uFEFF?\s*/, '').split(/\r?\n/, 1)[0];
  const bracketTag = guess === 'json' && /^\[[^\]\[{"]*\]\s*\S/.test(firstLine);
  if (!bracketTag && (guess === 'json' || guess === 'jsonl' || guess === 'mlflow-metric')) return { kind: guess };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (!complete && lines.length > 1) lines.pop(); // the last line may be cut by the end of the head
  const csv = sniffDelimited(lines);
  if (csv) return { kind: csv.delimiter === '\t' ? 'tsv' : 'csv', header: csv.header };
  return { kind: 'text' };
}
