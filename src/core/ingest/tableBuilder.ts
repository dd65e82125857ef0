// Column accumulation shared by every parser: numbers go straight into Float64Array blocks of at most
// BLOCK rows; each block starts at MIN_BLOCK rows and doubles, so memory grows with the data (~8 bytes
// per numeric cell, never the file text) and a 1-row file with a million columns stays small; one exact
// copy per column at the end. A column becomes text only when most of its
// non-empty cells are not numbers. Cells that are not numbers in a numeric column become missing (NaN)
// and are reported with their location and a count; NaN/Inf cells follow an explicit policy.
import type { Column, RunTable } from '../table/runTable';
import { IngestError, formatLocation, showText } from './errors';
import { fastNumber, nonFiniteWord } from './numberParse';
import { parseHumanNumber } from '../table/numbers';

/** What to do with NaN / Infinity cells ("nan", "inf", "-Infinity", JSON NaN from Python...). */
export type NonFinitePolicy = 'missing' | 'keep' | 'error';

export interface BuilderOptions {
  file: string;
  nonFinite?: NonFinitePolicy;
}

/** Rows whose raw text is kept for every column, so a column that turns out to be text is exact. */
const SAMPLE_ROWS = 2048;
const BLOCK_BITS = 15;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;
/** First allocation of a block: small, so wide files with few rows cost cells, not columns × BLOCK. */
const MIN_BLOCK = 16;

interface CellLoc {
  line: number;
  column: number;
  text: string;
}

/** A copy of s that does not share memory with a larger parent string. */
function flat(s: string): string {
  return s.length > 0 && s.length < 4096 ? (' ' + s).slice(1) : s;
}

class ColumnBuilder {
  /** Values in blocks of up to BLOCK rows; a missing block, or rows past a block's length, are NaN. */
  blocks: (Float64Array | undefined)[] = [];
  raw: string[] | null = [];
  text: string[] | null = null;
  /** Non-number cells by row; created on the first one (most columns never have any). */
  bad: Map<number, string> | null = null;
  numeric = 0;
  badCount = 0;
  firstBad: CellLoc | undefined;
  nanCount = 0;
  infCount = 0;
  firstNonFinite: CellLoc | undefined;
  constructor(readonly name: string) {}
  set(row: number, v: number): void {
    const blk = this.blocks[row >>> BLOCK_BITS];
    const i = row & BLOCK_MASK;
    if (blk !== undefined && i < blk.length) blk[i] = v;
    else this.grow(row >>> BLOCK_BITS, i)[i] = v;
  }
  get(row: number): number {
    const blk = this.blocks[row >>> BLOCK_BITS];
    const i = row & BLOCK_MASK;
    return blk === undefined || i >= blk.length ? NaN : blk[i];
  }
  /** Block b, grown (doubling, NaN-filled) so that index i fits. */
  private grow(b: number, i: number): Float64Array {
    while (this.blocks.length < b) this.blocks.push(undefined);
    const old = this.blocks[b];
    let size = old === undefined ? MIN_BLOCK : old.length * 2;
    while (size <= i) size *= 2;
    const blk = new Float64Array(Math.min(size, BLOCK));
    if (old !== undefined) blk.set(old);
    blk.fill(NaN, old === undefined ? 0 : old.length);
    this.blocks[b] = blk;
    return blk;
  }
  /** The first n values as one exact Float64Array; the blocks are released. */
  take(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let b = 0, o = 0; o < n; b++, o += BLOCK) {
      const blk = this.blocks[b];
      const len = Math.min(BLOCK, n - o);
      let have = 0;
      if (blk !== undefined) {
        have = Math.min(len, blk.length);
        out.set(have === blk.length ? blk : blk.subarray(0, have), o);
      }
      if (have < len) out.fill(NaN, o + have, o + len);
      this.blocks[b] = undefined;
    }
    this.blocks = [];
    return out;
  }
  /** Interning pool, created on first use; 'off' once it holds 65536 strings. */
  private pool: Map<string, string> | 'off' | undefined;
  /**
   * Repeated text (run names) shares one string, and every kept string is copied out of the chunk it was
   * sliced from, so a text column never pins the file's 1 MB chunks in memory.
   */
  intern(t: string): string {
    const pool = this.pool ?? (this.pool = new Map());
    if (pool !== 'off') {
      const hit = pool.get(t);
      if (hit !== undefined) return hit;
      const own = flat(t);
      if (pool.size < 65536) pool.set(own, own);
      else this.pool = 'off';
      return own;
    }
    return flat(t);
  }
  /** Open-addressing table of recent distinct values, looked up by hashing s[start, end) in place. */
  private slots: (string | undefined)[] | undefined; // 1024 slots, made on first use (8 KB per text column)
  /** intern(s.slice(start, end)) without allocating when the value was seen before. */
  internRange(s: string, start: number, end: number): string {
    const len = end - start;
    if (len > 64) return this.intern(s.slice(start, end));
    let h = len;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x9e3779b1);
    const slots = this.slots ?? (this.slots = new Array(1024));
    const mask = slots.length - 1;
    let k = (h ^ (h >>> 15)) & mask;
    for (let probe = 0; probe < 8; probe++, k = (k + 1) & mask) {
      const v = slots[k];
      if (v === undefined) {
        const own = this.intern(s.slice(start, end));
        slots[k] = own;
        return own;
      }
      if (v.length === len && s.startsWith(v, start)) return v;
    }
    return this.intern(s.slice(start, end));
  }
  toText(rows: number): void {
    const t: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const raw = this.raw?.[r];
      if (raw !== undefined) t[r] = this.intern(raw);
      else {
        const b = this.bad?.get(r);
        if (b !== undefined) t[r] = this.intern(b);
        else {
          const v = this.get(r);
          t[r] = Number.isNaN(v) ? '' : String(v);
        }
      }
    }
    this.text = t;
    this.raw = null;
    this.bad = null;
    this.blocks = [];
  }
}

export class TableBuilder {
  private cols: ColumnBuilder[] = [];
  private byName = new Map<string, number>();
  rowCount = 0;
  readonly warnings: string[] = [];
  readonly file: string;
  readonly nonFinite: NonFinitePolicy;
  private malformed = 0;
  private firstMalformed: string[] = [];

  constructor(opts: BuilderOptions) {
    this.file = opts.file;
    this.nonFinite = opts.nonFinite ?? 'missing';
  }

  get columnCount(): number {
    return this.cols.length;
  }
  columnName(i: number): string {
    return this.cols[i].name;
  }
  hasColumn(name: string): boolean {
    return this.byName.has(name);
  }

  /** Index of a column, created (all missing so far) on first use. */
  column(name: string): number {
    let i = this.byName.get(name);
    if (i === undefined) {
      i = this.cols.length;
      const c = new ColumnBuilder(name);
      if (this.rowCount > SAMPLE_ROWS) c.raw = null;
      this.cols.push(c);
      this.byName.set(name, i);
    }
    return i;
  }

  /** Start a new row; returns its index. */
  addRow(): number {
    const r = this.rowCount++;
    if (r === SAMPLE_ROWS) this.closeSample();
    return r;
  }

  /** Ensure rows [0, n) exist (for parsers that place cells by key). */
  ensureRows(n: number): void {
    while (this.rowCount < n) this.addRow();
  }

  private closeSample(): void {
    for (const c of this.cols) {
      if (c.text === null && c.badCount > c.numeric) c.toText(this.rowCount);
      c.raw = null;
    }
  }

  /** A number from a typed source (JSON, protobuf, parquet). */
  setNumber(ci: number, row: number, v: number, line = 0, column = 0): void {
    const c = this.cols[ci];
    if (c.text !== null) {
      c.text[row] = Number.isNaN(v) ? '' : String(v);
      return;
    }
    if (Number.isFinite(v)) {
      c.set(row, v);
      c.numeric++;
    } else this.nonFiniteCell(c, row, v, line, column, String(v));
  }

  private nonFiniteCell(c: ColumnBuilder, row: number, v: number, line: number, column: number, text: string): void {
    if (Number.isNaN(v)) c.nanCount++;
    else c.infCount++;
    if (!c.firstNonFinite) c.firstNonFinite = { line, column, text };
    if (this.nonFinite === 'error')
      throw new IngestError({ file: this.file, line, column }, `${showText(text)} in column '${c.name}' is not a finite number (non-finite policy is 'error')`);
    c.set(row, this.nonFinite === 'keep' ? v : NaN);
    c.numeric++;
  }

  /** A cell given as text s[start, end): parsed as a number unless the column is text. */
  setRange(ci: number, row: number, s: string, start: number, end: number, line: number, column: number): void {
    const c = this.cols[ci];
    if (c.text !== null) {
      c.text[row] = c.internRange(s, start, end);
      return;
    }
    if (c.raw === null) {
      const v = fastNumber(s, start, end);
      if (!Number.isNaN(v)) {
        c.set(row, v);
        c.numeric++;
        return;
      }
    }
    this.setText(ci, row, s.slice(start, end), line, column);
  }

  setText(ci: number, row: number, t: string, line: number, column: number): void {
    const c = this.cols[ci];
    if (c.text !== null) {
      c.text[row] = c.intern(t);
      return;
    }
    if (c.raw !== null) c.raw[row] = t;
    let v = fastNumber(t, 0, t.length);
    if (Number.isNaN(v)) v = parseHumanNumber(t.replace(/,(?=\d{3}(\D|$))/g, ''));
    if (!Number.isNaN(v)) {
      if (Number.isFinite(v)) {
        c.set(row, v);
        c.numeric++;
      } else this.nonFiniteCell(c, row, v, line, column, t);
      return;
    }
    const trimmed = t.trim();
    if (trimmed === '') return; // missing
    const w = nonFiniteWord(trimmed);
    if (w !== undefined) {
      this.nonFiniteCell(c, row, w === 'nan' ? NaN : w === 'inf' ? Infinity : -Infinity, line, column, t);
      return;
    }
    c.badCount++;
    (c.bad ??= new Map()).set(row, flat(t));
    if (!c.firstBad) c.firstBad = { line, column, text: t };
    if (c.raw === null && c.badCount > c.numeric && c.badCount > 16) c.toText(this.rowCount);
  }

  /** Record a malformed row that was skipped. */
  malformedRow(line: number, column: number, why: string): void {
    this.malformed++;
    if (this.firstMalformed.length < 5) this.firstMalformed.push(`${formatLocation({ file: this.file, line, column })}: ${why}`);
  }

  get malformedCount(): number {
    return this.malformed;
  }

  /** Columns as RunTable columns (text columns are those where non-numbers outnumber numbers). */
  finish(format: string): RunTable {
    const columns: Column[] = [];
    const warnings = [...this.warnings];
    if (this.malformed > 0) {
      warnings.push(`${this.file}: skipped ${this.malformed} malformed row${this.malformed > 1 ? 's' : ''}: ${this.firstMalformed.join('; ')}${this.malformed > this.firstMalformed.length ? '; …' : ''}`);
    }
    const n = this.rowCount;
    for (const c of this.cols) {
      if (c.text === null && c.badCount > 0 && c.badCount > c.numeric) c.toText(n);
      if (c.text !== null) {
        const vals = c.text.length === n ? c.text : c.text.slice(0, n);
        for (let r = 0; r < n; r++) if (vals[r] === undefined) vals[r] = '';
        columns.push({ kind: 'string', name: c.name, values: vals });
        continue;
      }
      const values = c.take(n);
      columns.push({ kind: 'number', name: c.name, values });
      if (c.badCount > 0 && c.firstBad) {
        const f = c.firstBad;
        warnings.push(
          `${formatLocation({ file: this.file, line: f.line, column: f.column })}: expected a number in column '${c.name}', found ${showText(f.text)}` +
            ` (${c.badCount} such cell${c.badCount > 1 ? 's' : ''} in '${c.name}' treated as missing)`,
        );
      }
      if ((c.nanCount > 0 || c.infCount > 0) && c.firstNonFinite) {
        const f = c.firstNonFinite;
        const what = [c.nanCount ? `${c.nanCount} NaN` : '', c.infCount ? `${c.infCount} infinite` : ''].filter(Boolean).join(' and ');
        warnings.push(
          `${formatLocation({ file: this.file, line: f.line, column: f.column })}: column '${c.name}' has ${what} value${c.nanCount + c.infCount > 1 ? 's' : ''} (first ${showText(f.text)}); ` +
            (this.nonFinite === 'keep' ? 'kept as is (non-finite policy keep)' : 'treated as missing (non-finite policy missing)'),
        );
      }
    }
    return { format, columns, rowCount: n, warnings, inferred: [] };
  }
}

/** Unique, non-empty column names: '' → column_3, repeated 'loss' → loss_2. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, j) => {
    let name = raw.trim() || `column_${j + 1}`;
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`)) k++;
      name = `${name}_${k}`;
    }
    seen.add(name);
    return name;
  });
}
