// Streaming CSV/TSV parser: text arrives in chunks (from a file stream, a worker message or a string),
// complete records are parsed and their cells go straight into typed columns; only the unfinished tail
// of the last record is kept between chunks. RFC 4180 quoting ("" escapes, embedded newlines), BOM,
// CRLF/LF/CR, blank lines; rows with the wrong number of fields are counted, reported and skipped.
import type { RunTable } from '../table/runTable';
import { IngestError, showText } from './errors';
import { TableBuilder, uniqueNames, type NonFinitePolicy } from './tableBuilder';

export interface CsvOptions {
  /** Name used in messages (file path or label). */
  file: string;
  /** ',' '\t' ';' '|'; sniffed from the header line when absent ('\t' for .tsv names). */
  delimiter?: string;
  nonFinite?: NonFinitePolicy;
  /** Longest record accepted, in characters (default 64 Mi): a guard against binary or one-line files. */
  maxRecordChars?: number;
  /** Format label for the table ('csv', 'tsv', 'lightning', ...). */
  format?: string;
  /** false: the first row is data, columns are named column_1, column_2, ... (default true). */
  header?: boolean;
}

const NL = 10;
const CR = 13;
const QUOTE = 34;

export class CsvParser {
  private builder: TableBuilder;
  private delim = -1;
  private header: string[] | null = null;
  private colIndex: number[] = [];
  private pending: string[] = [];
  private pendingLen = 0;
  private line = 1; // line number of the start of the unparsed text
  private first = true;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private lines = new Int32Array(64);
  private cols = new Int32Array(64);
  private quoted = new Uint8Array(64);
  private readonly maxRecord: number;
  private sawData = false;
  private ended = false;

  constructor(private readonly opts: CsvOptions) {
    this.builder = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
    this.maxRecord = opts.maxRecordChars ?? 64 * 1024 * 1024;
    if (opts.delimiter !== undefined) {
      if (opts.delimiter.length !== 1) throw new IngestError({ file: opts.file }, `delimiter must be one character, got ${showText(opts.delimiter)}`);
      this.delim = opts.delimiter.charCodeAt(0);
    }
  }

  get warnings(): string[] {
    return this.builder.warnings;
  }

  push(chunk: string): void {
    if (this.ended) throw new Error('CsvParser: push after end');
    if (chunk.length === 0) return;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk.indexOf('\u0000') >= 0 && chunk.indexOf('\u0000') < 4096)
        throw new IngestError({ file: this.opts.file, line: 1, column: 1 }, 'expected text (CSV/TSV), found binary data (NUL bytes)');
    }
    this.pending.push(chunk);
    this.pendingLen += chunk.length;
    // Only parse when this chunk can complete a record; otherwise keep collecting (bounded).
    if (chunk.indexOf('\n') < 0 && chunk.indexOf('\r') < 0) {
      this.checkLength();
      return;
    }
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    const used = this.parse(text, false);
    const rest = used < text.length ? text.slice(used) : '';
    this.pending = rest ? [rest] : [];
    this.pendingLen = rest.length;
    this.checkLength();
  }

  private checkLength(): void {
    if (this.pendingLen > this.maxRecord)
      throw new IngestError(
        { file: this.opts.file, line: this.line, column: 1 },
        `expected a record of at most ${this.maxRecord} characters, found a longer one (an unclosed quote, or not a CSV file?)`,
      );
  }

  end(): RunTable {
    if (this.ended) throw new Error('CsvParser: end called twice');
    this.ended = true;
    const text = this.pending.join('');
    this.pending = [];
    if (text.length > 0) this.parse(text, true);
    if (this.header === null) throw new IngestError({ file: this.opts.file, line: 1, column: 1 }, 'expected a header row, found an empty file');
    if (!this.sawData) this.builder.warnings.push(`${this.opts.file}: header only, no data rows`);
    const format = this.opts.format ?? (this.delim === 9 ? 'tsv' : 'csv');
    return this.builder.finish(format);
  }

  private sniff(text: string): void {
    let nl = text.indexOf('\n');
    if (nl < 0) nl = text.length;
    const head = text.slice(0, Math.min(nl, 65536)).replace(/"[^"]*"/g, '');
    const count = (ch: string) => head.split(ch).length - 1;
    const cands: [string, number][] = [[',', count(',')], ['\t', count('\t')], [';', count(';')], ['|', count('|')]];
    let best = cands[0];
    for (const c of cands) if (c[1] > best[1]) best = c;
    this.delim = best[0].charCodeAt(0);
  }

  private ensureFields(n: number): void {
    if (n < this.starts.length) return;
    const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.lines = grow(this.lines);
    this.cols = grow(this.cols);
    this.quoted = grow(this.quoted);
  }

  /** Parse complete records of text; returns how many characters were consumed. */
  private parse(text: string, final: boolean): number {
    if (this.delim < 0) this.sniff(text);
    const d = this.delim;
    const n = text.length;
    let pos = 0;
    let line = this.line;
    while (pos < n) {
      // One record.
      const recStart = pos;
      const recLine = line;
      let lineStart = pos;
      let nf = 0;
      let p = pos;
      let complete = false;
      let bad: string | undefined;
      let badCol = 0;
      let badLine = line;
      for (;;) {
        this.ensureFields(nf + 1);
        this.lines[nf] = line;
        this.cols[nf] = p - lineStart + 1;
        if (p < n && text.charCodeAt(p) === QUOTE) {
          const qStart = p;
          const qLine = line;
          const qCol = p - lineStart + 1;
          p++;
          let closed = false;
          while (p < n) {
            const q = text.indexOf('"', p);
            if (q < 0) {
              p = n;
              break;
            }
            // count newlines inside the quoted part for line numbers
            for (let k = text.indexOf('\n', p); k >= 0 && k < q; k = text.indexOf('\n', k + 1)) {
              line++;
              lineStart = k + 1;
            }
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              p = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) {
              p = n; // cannot tell yet whether this quote is doubled
              break;
            }
            p = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) break; // need more text
            throw new IngestError({ file: this.opts.file, line: qLine, column: qCol }, `expected a closing quote for the field opened here, found the end of the file`);
          }
          this.starts[nf] = qStart + 1;
          this.ends[nf] = p - 1;
          this.quoted[nf] = 1;
          // after the closing quote: delimiter, newline or end
          if (p < n) {
            const c = text.charCodeAt(p);
            if (c !== d && c !== NL && c !== CR && bad === undefined) {
              bad = `expected a delimiter or end of line after a closing quote, found ${showText(text[p])}`;
              badCol = p - lineStart + 1;
              badLine = line;
            }
            if (c !== d && c !== NL && c !== CR) {
              // skip to the next delimiter or line end
              while (p < n) {
                const c2 = text.charCodeAt(p);
                if (c2 === d || c2 === NL || c2 === CR) break;
                p++;
              }
            }
          }
        } else {
          const fStart = p;
          while (p < n) {
            const c = text.charCodeAt(p);
            if (c === d || c === NL || c === CR) break;
            p++;
          }
          this.starts[nf] = fStart;
          this.ends[nf] = p;
          this.quoted[nf] = 0;
        }
        nf++;
        if (p >= n) {
          if (final) complete = true;
          break;
        }
        const c = text.charCodeAt(p);
        if (c === d) {
          p++;
          continue;
        }
        // end of line
        if (c === CR) {
          if (p + 1 >= n && !final) break; // might be CRLF split across chunks
          p += p + 1 < n && text.charCodeAt(p + 1) === NL ? 2 : 1;
        } else p++;
        line++;
        complete = true;
        break;
      }
      if (!complete) {
        this.line = recLine;
        return recStart;
      }
      this.record(text, nf, recLine, bad, badLine, badCol);
      pos = p;
    }
    this.line = line;
    return n;
  }

  private record(text: string, nf: number, recLine: number, bad: string | undefined, badLine: number, badCol: number): void {
    // blank line
    if (nf === 1 && this.starts[0] === this.ends[0] && !this.quoted[0]) return;
    if (this.header === null) {
      const names: string[] = [];
      for (let j = 0; j < nf; j++) names.push(this.opts.header === false ? '' : this.fieldText(text, j));
      this.header = uniqueNames(names);
      this.colIndex = this.header.map((h) => this.builder.column(h));
      if (this.opts.header !== false) return;
    }
    const b = this.builder;
    if (bad !== undefined) {
      b.malformedRow(badLine, badCol, bad);
      return;
    }
    if (nf !== this.header.length) {
      b.malformedRow(recLine, 1, `expected ${this.header.length} fields, found ${nf}`);
      return;
    }
    this.sawData = true;
    const row = b.addRow();
    const ci = this.colIndex;
    for (let j = 0; j < nf; j++) {
      if (this.quoted[j]) b.setText(ci[j], row, this.fieldText(text, j), this.lines[j], this.cols[j]);
      else b.setRange(ci[j], row, text, this.starts[j], this.ends[j], this.lines[j], this.cols[j]);
    }
  }

  private fieldText(text: string, j: number): string {
    const s = text.slice(this.starts[j], this.ends[j]);
    return this.quoted[j] ? s.replace(/""/g, '"') : s;
  }
}

/** Parse a whole CSV from a string or from chunks (strings or UTF-8 bytes). */
export async function parseCsv(source: string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, opts: CsvOptions): Promise<RunTable> {
  const p = new CsvParser(opts);
  if (typeof source === 'string') {
    p.push(source);
    return p.end();
  }
  const dec = new TextDecoder('utf-8');
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    p.push(typeof chunk === 'string' ? chunk : dec.decode(chunk, { stream: true }));
  }
  const tail = dec.decode();
  if (tail) p.push(tail);
  return p.end();
}

export function parseCsvText(text: string, opts: CsvOptions): RunTable {
  const p = new CsvParser(opts);
  p.push(text);
  return p.end();
}
