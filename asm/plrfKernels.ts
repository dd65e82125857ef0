// AssemblyScript source of the exact PLRF spectrum's two O(d³) kernels, compiled by
// scripts/build-wasm.mjs into src/core/theory/plrfKernels.wasm.ts:
//   syrk:          K += Pᵀ P over a block of rows of P = D^(1/2) W (K = Wᵀ D W, lower triangle),
//                  a 6 × 4 register tile of f64x2 accumulators over rows packed in panels of 4 columns,
//                  blocked so that 96 columns of the block stay in L2 while 4-column panels stream;
//   tridiagonalize: Householder reduction of K to tridiagonal form (tred2 order, lower triangle), each
//                  step's rank-2 update fused with the next step's symmetric product in one pass over
//                  the active block (two rows at a time), the reflectors applied to one vector y.
// Memory (byte addresses, all 16-byte aligned): K (dp × dp, row stride dp), the packed block
// (nb rows × dp columns: panel p = columns 4p..4p+3 at p·nb·32, row r at r·32), then the vectors
// U, P, U2, Q2, Y, DG, EV (dp doubles each). dp = d rounded up to a multiple of 12.

let dp: usize = 0;
let nb: usize = 0;
let K: usize = 0;
let PACK: usize = 0;
let VEC: usize = 0;

/** Lay out memory for dimension d and row blocks of nb; returns dp. */
export function reserve(d: i32, blockRows: i32): i32 {
  dp = <usize>((d + 11) / 12) * 12;
  nb = <usize>blockRows;
  K = (__heap_base + 63) & ~(<usize>63);
  PACK = K + dp * dp * 8;
  VEC = PACK + nb * dp * 8;
  const need = VEC + 7 * dp * 8 + 64;
  const have = (<usize>memory.size()) << 16;
  if (need > have) {
    if (memory.grow(<i32>((need - have + 0xffff) >> 16)) < 0) return -1;
  }
  memory.fill(K, 0, dp * dp * 8);
  memory.fill(PACK, 0, nb * dp * 8);
  memory.fill(VEC, 0, 7 * dp * 8);
  return <i32>dp;
}

export function kAddr(): usize { return K; }
export function packAddr(): usize { return PACK; }
/** Vector k: 0 U, 1 P, 2 U2, 3 Q2, 4 Y, 5 DG (diagonal), 6 EV (off-diagonal). */
export function vecAddr(k: i32): usize { return VEC + <usize>k * dp * 8; }

const MC: usize = 96; // K rows per cache block (a multiple of the tile height 6)

/**
 * K[i][k] += Σ_{r < rows} P[r][i] P[r][k] for every tile touching the lower triangle (tiles on the
 * diagonal also fill a few upper entries, which nobody reads).
 */
export function syrk(rows: i32): void {
  const end = <usize>rows * 32;
  const panel = nb * 32;
  for (let ib: usize = 0; ib < dp; ib += MC) {
    const iEnd = min(ib + MC, dp);
    const kEnd = iEnd; // lower triangle: k ≤ i < iEnd
    for (let k0: usize = 0; k0 < kEnd; k0 += 4) {
      const kp = PACK + (k0 >> 2) * panel;
      let iStart = (k0 / 6) * 6;
      if (iStart < ib) iStart = ib;
      for (let i0 = iStart; i0 < iEnd; i0 += 6) {
        const c0 = PACK + (i0 >> 2) * panel + (i0 & 3) * 8;
        const c1 = PACK + ((i0 + 1) >> 2) * panel + ((i0 + 1) & 3) * 8;
        const c2 = PACK + ((i0 + 2) >> 2) * panel + ((i0 + 2) & 3) * 8;
        const c3 = PACK + ((i0 + 3) >> 2) * panel + ((i0 + 3) & 3) * 8;
        const c4 = PACK + ((i0 + 4) >> 2) * panel + ((i0 + 4) & 3) * 8;
        const c5 = PACK + ((i0 + 5) >> 2) * panel + ((i0 + 5) & 3) * 8;
        let a00 = f64x2.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
        let a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        for (let off: usize = 0; off < end; off += 32) {
          const k01 = v128.load(kp + off), k23 = v128.load(kp + off, 16);
          let s = v128.load64_splat(c0 + off);
          a00 = f64x2.add(a00, f64x2.mul(s, k01)); a01 = f64x2.add(a01, f64x2.mul(s, k23));
          s = v128.load64_splat(c1 + off);
          a10 = f64x2.add(a10, f64x2.mul(s, k01)); a11 = f64x2.add(a11, f64x2.mul(s, k23));
          s = v128.load64_splat(c2 + off);
          a20 = f64x2.add(a20, f64x2.mul(s, k01)); a21 = f64x2.add(a21, f64x2.mul(s, k23));
          s = v128.load64_splat(c3 + off);
          a30 = f64x2.add(a30, f64x2.mul(s, k01)); a31 = f64x2.add(a31, f64x2.mul(s, k23));
          s = v128.load64_splat(c4 + off);
          a40 = f64x2.add(a40, f64x2.mul(s, k01)); a41 = f64x2.add(a41, f64x2.mul(s, k23));
          s = v128.load64_splat(c5 + off);
          a50 = f64x2.add(a50, f64x2.mul(s, k01)); a51 = f64x2.add(a51, f64x2.mul(s, k23));
        }
        let t = K + (i0 * dp + k0) * 8;
        const rs = dp * 8;
        v128.store(t, f64x2.add(v128.load(t), a00)); v128.store(t, f64x2.add(v128.load(t, 16), a01), 16); t += rs;
        v128.store(t, f64x2.add(v128.load(t), a10)); v128.store(t, f64x2.add(v128.load(t, 16), a11), 16); t += rs;
        v128.store(t, f64x2.add(v128.load(t), a20)); v128.store(t, f64x2.add(v128.load(t, 16), a21), 16); t += rs;
        v128.store(t, f64x2.add(v128.load(t), a30)); v128.store(t, f64x2.add(v128.load(t, 16), a31), 16); t += rs;
        v128.store(t, f64x2.add(v128.load(t), a40)); v128.store(t, f64x2.add(v128.load(t, 16), a41), 16); t += rs;
        v128.store(t, f64x2.add(v128.load(t), a50)); v128.store(t, f64x2.add(v128.load(t, 16), a51), 16);
      }
    }
  }
}

/**
 * Householder tridiagonalisation of the symmetric n × n matrix in K (lower triangle read, matrix
 * destroyed), rows n−1 … 1 as in tred2. Writes the diagonal to DG, the coupling between i−1 and i
 * to EV[i], and applies every reflector to Y. Step i's rank-2 update A −= u qᵀ + q uᵀ is kept
 * pending and applied during step i−1's pass that also forms p = A u (one read and one write of
 * the active block per step instead of two reads and one write). `stopEvery` > 0 returns after
 * that many steps (the caller resumes with the returned next row, so long runs can be cancelled);
 * returns 0 when done.
 */
export function tridiagonalize(n: i32, from: i32, stopEvery: i32): i32 {
  const U = vecAddr(0), P = vecAddr(1), Y = vecAddr(4), DG = vecAddr(5), EV = vecAddr(6);
  const U2 = vecAddr(2), Q2 = vecAddr(3);
  const rs = dp * 8;
  let steps = 0;
  for (let i = from; i >= 1; i--) {
    if (stopEvery > 0 && steps++ == stopEvery) return i;
    const I = <usize>i, l = I - 1;
    const row = K + I * rs;
    // bring row i up to date with the pending update (pending vectors live on 0..i)
    {
      const u2i = load<f64>(U2 + I * 8), q2i = load<f64>(Q2 + I * 8);
      for (let c: usize = 0; c <= I; c++) {
        store<f64>(row + c * 8, load<f64>(row + c * 8) - u2i * load<f64>(Q2 + c * 8) - q2i * load<f64>(U2 + c * 8));
      }
    }
    store<f64>(DG + I * 8, load<f64>(row + I * 8));
    if (l == 0) {
      store<f64>(EV + I * 8, load<f64>(row));
      continue;
    }
    let sigma2: f64 = 0;
    for (let c: usize = 0; c <= l; c++) { const x = load<f64>(row + c * 8); sigma2 += x * x; }
    if (sigma2 == 0) {
      store<f64>(EV + I * 8, 0);
      continue; // no reflector: the pending update stays pending for rows < i
    }
    const xl = load<f64>(row + l * 8);
    const alpha = xl >= 0 ? -Math.sqrt(sigma2) : Math.sqrt(sigma2);
    const H = sigma2 - xl * alpha;
    store<f64>(EV + I * 8, alpha);
    for (let c: usize = 0; c < l; c++) store<f64>(U + c * 8, load<f64>(row + c * 8));
    store<f64>(U + l * 8, xl - alpha);
    store<f64>(U + I * 8, 0);
    memory.fill(P, 0, (l + 2) * 8);
    // fused pass over rows 0..l: apply the pending update, accumulate p = A u (two rows at a time)
    let r: usize = 0;
    for (; r + 1 <= l; r += 2) {
      const r0 = K + r * rs, r1 = r0 + rs;
      const u0 = load<f64>(U + r * 8), u1 = load<f64>(U + r * 8 + 8);
      const x0 = load<f64>(U2 + r * 8), x1 = load<f64>(U2 + r * 8 + 8);
      const y0 = load<f64>(Q2 + r * 8), y1 = load<f64>(Q2 + r * 8 + 8);
      const vu0 = f64x2.splat(u0), vu1 = f64x2.splat(u1);
      const vx0 = f64x2.splat(x0), vx1 = f64x2.splat(x1), vy0 = f64x2.splat(y0), vy1 = f64x2.splat(y1);
      let acc0 = f64x2.splat(0), acc1 = acc0;
      const cEnd = r * 8; // columns 0..r-1 (r even): pairs
      for (let off: usize = 0; off < cEnd; off += 16) {
        const qc = v128.load(Q2 + off), uc2 = v128.load(U2 + off);
        let a0 = v128.load(r0 + off), a1 = v128.load(r1 + off);
        a0 = f64x2.sub(a0, f64x2.add(f64x2.mul(vx0, qc), f64x2.mul(vy0, uc2)));
        a1 = f64x2.sub(a1, f64x2.add(f64x2.mul(vx1, qc), f64x2.mul(vy1, uc2)));
        v128.store(r0 + off, a0);
        v128.store(r1 + off, a1);
        const uc = v128.load(U + off);
        acc0 = f64x2.add(acc0, f64x2.mul(a0, uc));
        acc1 = f64x2.add(acc1, f64x2.mul(a1, uc));
        v128.store(P + off, f64x2.add(v128.load(P + off), f64x2.add(f64x2.mul(a0, vu0), f64x2.mul(a1, vu1))));
      }
      let s0 = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
      let s1 = f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
      // the 2 × 2 corner: A[r][r], A[r+1][r], A[r+1][r+1]
      const a00 = load<f64>(r0 + r * 8) - 2 * x0 * y0;
      const a10 = load<f64>(r1 + r * 8) - x1 * y0 - y1 * x0;
      const a11 = load<f64>(r1 + r * 8 + 8) - 2 * x1 * y1;
      store<f64>(r0 + r * 8, a00);
      store<f64>(r1 + r * 8, a10);
      store<f64>(r1 + r * 8 + 8, a11);
      s0 += a00 * u0;
      s1 += a10 * u0 + a11 * u1;
      store<f64>(P + r * 8, load<f64>(P + r * 8) + s0 + a10 * u1);
      store<f64>(P + r * 8 + 8, load<f64>(P + r * 8 + 8) + s1);
    }
    if (r == l) { // the last row when l + 1 is odd
      const r0 = K + r * rs;
      const u0 = load<f64>(U + r * 8), x0 = load<f64>(U2 + r * 8), y0 = load<f64>(Q2 + r * 8);
      let s0: f64 = 0;
      for (let c: usize = 0; c < r; c++) {
        const a = load<f64>(r0 + c * 8) - x0 * load<f64>(Q2 + c * 8) - y0 * load<f64>(U2 + c * 8);
        store<f64>(r0 + c * 8, a);
        s0 += a * load<f64>(U + c * 8);
        store<f64>(P + c * 8, load<f64>(P + c * 8) + a * u0);
      }
      const a = load<f64>(r0 + r * 8) - 2 * x0 * y0;
      store<f64>(r0 + r * 8, a);
      store<f64>(P + r * 8, load<f64>(P + r * 8) + s0 + a * u0);
    }
    // q = p/H − (uᵀp / 2H²) u ; y −= (uᵀy / H) u
    let up: f64 = 0, uy: f64 = 0;
    for (let c: usize = 0; c <= l; c++) {
      const uc = load<f64>(U + c * 8);
      up += uc * load<f64>(P + c * 8);
      uy += uc * load<f64>(Y + c * 8);
    }
    const Kc = up / (2 * H * H), h = uy / H;
    for (let c: usize = 0; c <= l; c++) {
      const uc = load<f64>(U + c * 8);
      store<f64>(P + c * 8, load<f64>(P + c * 8) / H - Kc * uc);
      store<f64>(Y + c * 8, load<f64>(Y + c * 8) - h * uc);
    }
    store<f64>(P + I * 8, 0);
    // the new pending update (u, q) on 0..l (entries l+1.. are zero)
    memory.copy(U2, U, (I + 1) * 8);
    memory.copy(Q2, P, (I + 1) * 8);
  }
  // row 0 has the last pending update left
  const a = load<f64>(K) - 2 * load<f64>(U2) * load<f64>(Q2);
  store<f64>(K, a);
  store<f64>(DG, a);
  return 0;
}
