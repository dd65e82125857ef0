// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and TensorFlow's masked form used by TFRecord:
// masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32).
const TABLE = (() => {
  const t = new Uint32Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  // slicing-by-4 tables
  for (let i = 0; i < 256; i++) {
    let c = t[i];
    for (let s = 1; s < 4; s++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[s * 256 + i] = c >>> 0;
    }
  }
  return t;
})();

export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffffffff;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    crc ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    crc = TABLE[768 + (crc & 0xff)] ^ TABLE[512 + ((crc >>> 8) & 0xff)] ^ TABLE[256 + ((crc >>> 16) & 0xff)] ^ TABLE[crc >>> 24];
  }
  for (; i < end; i++) crc = TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function maskedCrc32c(data: Uint8Array, start = 0, end = data.length): number {
  return maskCrc(crc32c(data, start, end));
}
