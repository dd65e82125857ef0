// Writes media/icon.png (128×128, the marketplace icon): a falling power law through noisy points on
// a dark tile. Pure Node (zlib for the PNG's deflate), 4×4 supersampling for smooth edges.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 128, SS = 4, W = S * SS;
const bg0 = [22, 44, 74], bg1 = [32, 78, 122];
const line = [255, 255, 255], dot = [255, 170, 60];
const img = new Float64Array(S * S * 3);

// Curve y(x) on the tile: loss = E + A x^-alpha, drawn in tile coordinates (x from 0.12 to 0.9).
const curveY = (u) => 0.16 + 0.6 * (1 - Math.pow(0.06 / (u + 0.06), 0.55));
const pts = [0.06, 0.17, 0.31, 0.47, 0.64, 0.78].map((u, i) => [0.12 + u, curveY(u) + [0.02, -0.025, 0.03, -0.02, 0.018, -0.015][i]]);
const roundRect = (x, y) => {
  const r = 0.16, dx = Math.max(r - x, 0, x - (1 - r)), dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
};
for (let py = 0; py < S; py++) for (let px = 0; px < S; px++) {
  const acc = [0, 0, 0];
  let alpha = 0;
  for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
    const x = (px * SS + sx + 0.5) / W, y = (py * SS + sy + 0.5) / W;
    if (!roundRect(x, y)) continue;
    alpha++;
    let c = bg0.map((v, k) => v + (bg1[k] - v) * (0.5 * x + 0.5 * y));
    // Axes.
    if ((Math.abs(x - 0.12) < 0.012 && y > 0.1 && y < 0.88) || (Math.abs(y - 0.88) < 0.012 && x > 0.12 && x < 0.92)) c = [150, 175, 205];
    // The fitted curve (distance to the sampled polyline).
    const u = x - 0.12;
    if (u >= 0 && u <= 0.78) {
      let d = Infinity;
      for (let t = Math.max(0, u - 0.08); t <= Math.min(0.78, u + 0.08); t += 0.002) d = Math.min(d, Math.hypot(u - t, y - curveY(t)));
      if (d < 0.022) c = line;
    }
    for (const [cx, cy] of pts) if (Math.hypot(x - cx, y - cy) < 0.045) c = dot;
    for (let k = 0; k < 3; k++) acc[k] += c[k];
  }
  const i = (py * S + px) * 3;
  for (let k = 0; k < 3; k++) img[i + k] = alpha ? acc[k] / alpha : 0;
  img.alpha ??= new Float64Array(S * S);
  img.alpha[py * S + px] = alpha / (SS * SS);
}

// PNG: RGBA, filter 0 on every row.
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S; x++) {
    const o = y * (S * 4 + 1) + 1 + x * 4, i = (y * S + x) * 3;
    raw[o] = Math.round(img[i]); raw[o + 1] = Math.round(img[i + 1]); raw[o + 2] = Math.round(img[i + 2]);
    raw[o + 3] = Math.round(255 * img.alpha[y * S + x]);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${S}×${S}, ${png.length} bytes`);
