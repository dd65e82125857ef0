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
