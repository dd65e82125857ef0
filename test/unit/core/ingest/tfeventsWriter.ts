// Test-only TFRecord/Event encoder, written from the wire-format spec (not from the decoder):
// varints, fixed32/64 little-endian, length-delimited fields; TFRecord framing with masked CRC-32C.
import { maskedCrc32c } from '../../../../src/core/ingest/crc32c';

export function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const key = (field: number, wire: number) => varint(field * 8 + wire);
export const ld = (field: number, bytes: number[]) => [...key(field, 2), ...varint(bytes.length), ...bytes];
export const str = (field: number, s: string) => ld(field, [...new TextEncoder().encode(s)]);
export const f32 = (field: number, x: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...key(field, 5), ...b];
};
export const f64 = (field: number, x: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...key(field, 1), ...b];
};
export const vint = (field: number, n: number | bigint) => [...key(field, 0), ...varint(n)];

export type ValueSpec =
  | { tag: string; simple: number }
  | { tag: string; tensorFloat: number }
  | { tag: string; tensorDouble: number }
  | { tag: string; tensorContentFloat: number }
  | { tag: string; tensorContentDouble: number }
  | { tag: string; histogram: true };

export function encodeValue(v: ValueSpec): number[] {
  const tag = str(1, v.tag);
  if ('simple' in v) return [...tag, ...f32(2, v.simple)];
  const meta = ld(9, [...ld(1, str(1, 'scalars')), ...vint(4, 1)]);
  if ('tensorFloat' in v) return [...tag, ...meta, ...ld(8, [...vint(1, 1), ...ld(2, []), ...f32(5, v.tensorFloat)])];
  if ('tensorDouble' in v) return [...tag, ...meta, ...ld(8, [...vint(1, 2), ...f64(6, v.tensorDouble)])];
  if ('tensorContentFloat' in v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v.tensorContentFloat, true);
    return [...tag, ...meta, ...ld(8, [...vint(1, 1), ...ld(4, [...b])])];
  }
  if ('tensorContentDouble' in v) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v.tensorContentDouble, true);
    return [...tag, ...meta, ...ld(8, [...vint(1, 2), ...ld(4, [...b])])];
  }
  // HistogramProto (field 5 of Value): min=1 double
  return [...tag, ...ld(5, f64(1, 0))];
}

export function encodeEvent(e: { wallTime: number; step: number | bigint; values?: ValueSpec[]; fileVersion?: string }): Uint8Array {
  const body = [...f64(1, e.wallTime), ...vint(2, e.step)];
  if (e.fileVersion) body.push(...str(3, e.fileVersion));
  if (e.values) body.push(...ld(5, e.values.flatMap((v) => ld(1, encodeValue(v)))));
  return Uint8Array.from(body);
}

export function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length, true);
  dv.setUint32(4, 0, true);
  dv.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export function eventFile(events: Parameters<typeof encodeEvent>[0][]): Uint8Array {
  const parts = [frame(encodeEvent({ wallTime: 1, step: 0, fileVersion: 'brain.Event:2' })), ...events.map((e) => frame(encodeEvent(e)))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
