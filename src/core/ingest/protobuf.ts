// A minimal protobuf wire-format reader for the few TensorBoard messages we need (Event, Summary,
// Summary.Value, TensorProto, SummaryMetadata). Why hand-written rather than protobufjs: we read about a
// dozen fields, so a generated decoder (codegen step, .proto files to vendor) or protobufjs's reflection
// (which compiles decoders with `new Function`, i.e. eval, not allowed under our webview/worker CSP rules)
// would be more code and risk than this reader. It never allocates per field except for strings/bytes views,
// checks every length against the buffer, and throws ProtoError (turned into a located IngestError).

export class ProtoError extends Error {}

export class ProtoReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  /** Varint as a JS number (exact up to 2^53; int64 steps beyond that lose precision). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        // negative int64 is encoded as 10-byte two's complement: map back
        if (i === 9 && result >= 2 ** 63) return result - 2 ** 64;
        return result;
      }
      mul *= 128;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }
  /** Varint as an exact BigInt (uint64; for int64 fields negative values come back as 2^64 - x). */
  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new ProtoError('field number 0');
    return { field, wire: t & 7 };
  }
  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new ProtoError(`field needs ${n} bytes, ${this.end - this.pos} left`);
  }
  fixed32View(): DataView {
    this.need(4);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4);
    this.pos += 4;
    return v;
  }
  float(): number {
    return this.fixed32View().getFloat32(0, true);
  }
  double(): number {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }
  /** Length-delimited field: returns [start, end) in buf. */
  bytes(): [number, number] {
    const n = this.varint();
    this.need(n);
    const s = this.pos;
    this.pos += n;
    return [s, s + n];
  }
  string(): string {
    const [s, e] = this.bytes();
    return new TextDecoder('utf-8', { fatal: false }).decode(this.buf.subarray(s, e));
  }
  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.need(8);
        this.pos += 8;
        return;
      case 2:
        this.bytes();
        return;
      case 5:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtoError(`unsupported wire type ${wire}`);
    }
  }
}
