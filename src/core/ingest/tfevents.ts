// TensorBoard event files (events.out.tfevents.*): TFRecord framing with masked CRC-32C checks, then
// Event → Summary → Value decoded by the small reader in protobuf.ts. Scalars are read from
// `simple_value` (classic tf.summary / torch default) and from rank-0 tensors: float_val / double_val /
// int_val / int64_val / half_val, or packed `tensor_content` (new-style summaries, TF2).
// Output: one row per step, a column per tag, plus 'step' and 'wall_time'.
import type { RunTable } from '../table/runTable';
import { maskedCrc32c } from './crc32c';
import { IngestError } from './errors';
import { ProtoError, ProtoReader } from './protobuf';
import { TableBuilder, type NonFinitePolicy } from './tableBuilder';

export interface TfEventsOptions {
  file: string;
  nonFinite?: NonFinitePolicy;
  /** Largest record accepted (bytes); larger lengths mean corruption. Default 256 MiB. */
  maxRecordBytes?: number;
}

export interface ScalarValue {
  tag: string;
  value: number;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  /** The exact step in decimal when it is above 2^53 (a double cannot hold it). */
  stepText?: string;
  fileVersion?: string;
  scalars: ScalarValue[];
  /** Values present but not scalars (histograms, images, text, non-scalar tensors). */
  skipped: number;
}

const DT_FLOAT = 1,
  DT_DOUBLE = 2,
  DT_INT32 = 3,
  DT_UINT8 = 4,
  DT_INT16 = 5,
  DT_INT8 = 6,
  DT_INT64 = 9,
  DT_BFLOAT16 = 14,
  DT_HALF = 19;

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Decode a TensorProto; returns its value when it holds exactly one number, else undefined. */
export function decodeScalarTensor(buf: Uint8Array, start: number, end: number): number | undefined {
  const r = new ProtoReader(buf, start, end);
  let dtype = 0;
  let elements = 1; // rank 0 unless a shape says otherwise
  const vals: number[] = [];
  let content: [number, number] | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === 0) dtype = r.varint();
    else if (field === 2 && wire === 2) {
      const [s, e] = r.bytes();
      const sr = new ProtoReader(buf, s, e);
      let n = 1;
      while (!sr.done) {
        const t = sr.tag();
        if (t.field === 2 && t.wire === 2) {
          const [ds, de] = sr.bytes();
          const dr = new ProtoReader(buf, ds, de);
          let size = 0;
          while (!dr.done) {
            const u = dr.tag();
            if (u.field === 1 && u.wire === 0) size = dr.varint();
            else dr.skip(u.wire);
          }
          n *= size;
        } else sr.skip(t.wire);
      }
      elements = n;
    } else if (field === 4 && wire === 2) content = r.bytes();
    else if (field === 5 && wire === 5) vals.push(r.float());
    else if (field === 5 && wire === 2) {
      const [s, e] = r.bytes();
      const pr = new ProtoReader(buf, s, e);
      while (!pr.done) vals.push(pr.float());
    } else if (field === 6 && wire === 1) vals.push(r.double());
    else if (field === 6 && wire === 2) {
      const [s, e] = r.bytes();
      const pr = new ProtoReader(buf, s, e);
      while (!pr.done) vals.push(pr.double());
    } else if ((field === 7 || field === 10 || field === 13) && (wire === 0 || wire === 2)) {
      const conv = (x: number) => (field === 13 ? halfToFloat(x) : field === 7 && x >= 2 ** 31 ? x - 2 ** 32 : x);
      if (wire === 0) vals.push(conv(r.varint()));
      else {
        const [s, e] = r.bytes();
        const pr = new ProtoReader(buf, s, e);
        while (!pr.done) vals.push(conv(pr.varint()));
      }
    } else r.skip(wire);
  }
  if (elements !== 1) return undefined;
  if (content && content[1] > content[0]) {
    const dv = new DataView(buf.buffer, buf.byteOffset + content[0], content[1] - content[0]);
    const len = content[1] - content[0];
    const need = (n: number) => {
      if (len < n) throw new ProtoError(`tensor_content has ${len} bytes, dtype needs ${n}`);
    };
    switch (dtype) {
      case DT_FLOAT:
        need(4);
        return dv.getFloat32(0, true);
      case DT_DOUBLE:
        need(8);
        return dv.getFloat64(0, true);
      case DT_INT32:
        need(4);
        return dv.getInt32(0, true);
      case DT_INT64:
        need(8);
        return Number(dv.getBigInt64(0, true));
      case DT_INT16:
        need(2);
        return dv.getInt16(0, true);
      case DT_INT8:
        need(1);
        return dv.getInt8(0);
      case DT_UINT8:
        need(1);
        return dv.getUint8(0);
      case DT_HALF:
        need(2);
        return halfToFloat(dv.getUint16(0, true));
      case DT_BFLOAT16:
        need(2);
        return new Float32Array(new Uint32Array([dv.getUint16(0, true) << 16]).buffer)[0];
      default:
        return undefined;
    }
  }
  if (vals.length === 1 && dtype !== 7) return vals[0];
  return undefined;
}

function decodeValue(buf: Uint8Array, start: number, end: number, out: DecodedEvent): void {
  const r = new ProtoReader(buf, start, end);
  let tag = '';
  let simple: number | undefined;
  let tensor: [number, number] | undefined;
  let other = false;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === 2) tag = r.string();
    else if (field === 2 && wire === 5) simple = r.float();
    else if (field === 8 && wire === 2) tensor = r.bytes();
    else {
      if (field >= 3 && field <= 6) other = true; // image, histo, audio, obsolete_old_style_histogram
      r.skip(wire);
    }
  }
  if (simple !== undefined) out.scalars.push({ tag, value: simple });
  else if (tensor) {
    const v = decodeScalarTensor(buf, tensor[0], tensor[1]);
    if (v === undefined) out.skipped++;
    else out.scalars.push({ tag, value: v });
  } else if (other) out.skipped++;
}

/** Decode one Event message from buf[start, end). */
export function decodeEvent(buf: Uint8Array, start = 0, end = buf.length): DecodedEvent {
  const out: DecodedEvent = { wallTime: NaN, step: 0, scalars: [], skipped: 0 };
  const r = new ProtoReader(buf, start, end);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === 1) out.wallTime = r.double();
    else if (field === 2 && wire === 0) {
      const big = BigInt.asIntN(64, r.varintBig());
      out.step = Number(big);
      if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) out.stepText = big.toString();
    }
    else if (field === 3 && wire === 2) out.fileVersion = r.string();
    else if (field === 5 && wire === 2) {
      const [s, e] = r.bytes();
      const sr = new ProtoReader(buf, s, e);
      while (!sr.done) {
        const t = sr.tag();
        if (t.field === 1 && t.wire === 2) {
          const [vs, ve] = sr.bytes();
          decodeValue(buf, vs, ve, out);
        } else sr.skip(t.wire);
      }
    } else r.skip(wire);
  }
  return out;
}

const hex = (x: number) => '0x' + x.toString(16).padStart(8, '0');

/** Streaming TFRecord reader + Event decoder building a step × tag table. */
export class TfEventsParser {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private consumed = 0; // file offset of buf[0]
  private records = 0;
  private events = 0;
  private skippedValues = 0;
  private duplicates = 0;
  private b: TableBuilder;
  private stepCol: number;
  private wallCol: number;
  private rowOfStep = new Map<number | string, number>();
  /** Exact steps by row (decimal text), kept from the first step above 2^53 on. */
  private exact: string[] | undefined;
  private firstUnsafe: string | undefined;
  private readonly maxRecord: number;
  private ended = false;
  private seen = new Set<string>();

  constructor(private readonly opts: TfEventsOptions) {
    this.b = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
    this.stepCol = this.b.column('step');
    this.wallCol = this.b.column('wall_time');
    this.maxRecord = opts.maxRecordBytes ?? 256 * 1024 * 1024;
  }

  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + chunk.length) cap *= 2;
      const nb = new Uint8Array(cap);
      nb.set(this.buf.subarray(0, this.len));
      this.buf = nb;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.drain(false);
  }

  private fail(offset: number, msg: string): never {
    throw new IngestError({ file: this.opts.file, byte: offset }, `record ${this.records + 1}: ${msg}`);
  }

  private drain(final: boolean): void {
    let p = 0;
    const buf = this.buf;
    const dv = new DataView(buf.buffer, buf.byteOffset, this.len);
    while (this.len - p >= 12) {
      const off = this.consumed + p;
      const lo = dv.getUint32(p, true);
      const hi = dv.getUint32(p + 4, true);
      const lenCrc = dv.getUint32(p + 8, true);
      const want = maskedCrc32c(buf, p, p + 8);
      if (want !== lenCrc) {
        if (this.records === 0)
          this.fail(off, `expected a TFRecord header (length + masked CRC-32C ${hex(want)}), found CRC ${hex(lenCrc)}: not a TensorBoard event file, or corrupted`);
        this.fail(off, `length CRC mismatch (expected ${hex(want)}, found ${hex(lenCrc)}): the file is corrupted here`);
      }
      const n = hi * 2 ** 32 + lo;
      if (n > this.maxRecord) this.fail(off, `expected a record of at most ${this.maxRecord} bytes, found length ${n}`);
      if (this.len - p < 12 + n + 4) break;
      const ds = p + 12;
      const de = ds + n;
      const dataCrc = dv.getUint32(de, true);
      const wantData = maskedCrc32c(buf, ds, de);
      if (wantData !== dataCrc) this.fail(off, `data CRC mismatch (expected ${hex(wantData)}, found ${hex(dataCrc)}): the file is corrupted here`);
      let ev: DecodedEvent;
      try {
        ev = decodeEvent(buf, ds, de);
      } catch (e) {
        if (e instanceof ProtoError) this.fail(off, `expected an Event protobuf: ${e.message}`);
        throw e;
      }
      this.records++;
      this.add(ev);
      p = de + 4;
    }
    if (final && this.len - p > 0) {
      const off = this.consumed + p;
      const msg = `truncated record at the end (${this.len - p} bytes left, an unfinished write?)`;
      if (this.records === 0) this.fail(off, `${msg}; no complete record in the file`);
      this.b.warnings.push(`${this.opts.file}@byte ${off}: ${msg}; kept the ${this.records} complete records before it`);
      p = this.len;
    }
    if (p > 0) {
      this.buf.copyWithin(0, p, this.len);
      this.len -= p;
      this.consumed += p;
    }
  }

  private add(ev: DecodedEvent): void {
    this.skippedValues += ev.skipped;
    if (ev.scalars.length === 0) return;
    this.events++;
    // Steps above 2^53 are told apart by their exact text, and kept exact in a 'step_exact' column.
    const key = ev.stepText ?? ev.step;
    let row = this.rowOfStep.get(key);
    if (row === undefined) {
      row = this.b.addRow();
      this.rowOfStep.set(key, row);
      this.b.setNumber(this.stepCol, row, ev.step);
      if (ev.stepText !== undefined && this.exact === undefined) {
        this.firstUnsafe = ev.stepText;
        this.exact = [];
        for (const [k, r] of this.rowOfStep) this.exact[r] = String(k);
      } else if (this.exact !== undefined) this.exact[row] = String(key);
    }
    this.b.setNumber(this.wallCol, row, ev.wallTime);
    for (const s of ev.scalars) {
      const name = s.tag || '(no tag)';
      const key = name + '\u0000' + ev.step;
      if (this.seen.has(key)) this.duplicates++;
      else this.seen.add(key);
      this.b.setNumber(this.b.column(name), row, s.value, this.records, 1);
    }
  }

  end(): RunTable {
    if (this.ended) throw new Error('TfEventsParser: end called twice');
    this.ended = true;
    this.drain(true);
    if (this.records === 0) throw new IngestError({ file: this.opts.file, byte: 0 }, 'expected TFRecord event records, found an empty file');
    if (this.events === 0) this.b.warnings.push(`${this.opts.file}: ${this.records} records but no scalar summaries`);
    if (this.skippedValues > 0) this.b.warnings.push(`${this.opts.file}: skipped ${this.skippedValues} non-scalar summary values (histograms, images, text or tensors with more than one element)`);
    if (this.firstUnsafe !== undefined)
      this.b.warnings.push(`${this.opts.file}: steps of 2^53 or more (first ${this.firstUnsafe}) do not fit a double exactly: 'step' holds the nearest double, 'step_exact' the exact value`);
    if (this.duplicates > 0) this.b.warnings.push(`${this.opts.file}: ${this.duplicates} (step, tag) pairs were logged more than once (restarted run?); the last value is kept`);
    const t = this.b.finish('tfevents');
    if (this.exact) t.columns.splice(1, 0, { kind: 'string', name: 'step_exact', values: Array.from({ length: t.rowCount }, (_, i) => this.exact![i] ?? '') });
    return t;
  }
}

export function parseTfEvents(bytes: Uint8Array, opts: TfEventsOptions): RunTable {
  const p = new TfEventsParser(opts);
  p.push(bytes);
  return p.end();
}
