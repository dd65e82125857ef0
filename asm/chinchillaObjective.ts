// AssemblyScript source of the Chinchilla fit's hot loop, compiled by scripts/build-wasm.mjs into
// src/core/laws/chinchillaSimd.wasm.ts. It computes what chinchilla.logObjective computes (value
// and gradient of sum_i w_i rho(log(E + A N_i^-alpha + B D_i^-beta) - log L_i) in fit space
// e, a, b, alpha, beta), two points at a time with f64x2 SIMD. WebAssembly has no exp or log, so
// both are here, table-free so that both lanes run the same instructions:
//   exp: Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, Taylor to degree 13 (truncation < 5e-18)
//        by Estrin's scheme, 2^k applied in two normal halves so subnormal results round once;
//   log: fdlibm's __ieee754_log reduction (m in [sqrt(1/2), sqrt(2)), s = f/(2+f)) with its
//        published minimax coefficients Lg1..Lg7 (error < 2^-58.45).
// Both are within 1 ulp of Math.exp/Math.log (test/unit/laws/chinchillaSimd.test.ts).
// Memory: four f64 arrays of npad = n rounded up to even (ln N, ln D, log target, weight), then
// the 5 gradient components written by objective(); reserve(n) returns the first address.

// Scalar constants, each stored twice (one v128 per constant) in a data segment and read into
// globals by reserve(): WebAssembly has no vector immediate operand, and V8 rebuilds a v128.const
// from two 64-bit immediates at every use inside the loop (measured ~1.6x slower).
const TABLE = memory.data<f64>([
  -1000.0, -1000.0, // 0 exp argument clamp
  1000.0, 1000.0,
  1.44269504088896338700e+00, 1.44269504088896338700e+00, // 2 1/ln2
  6.93147180369123816490e-01, 6.93147180369123816490e-01, // 3 ln2 high (k * LN2_HI exact for |k| < 2^20)
  1.90821492927058770002e-10, 1.90821492927058770002e-10, // 4 ln2 low
  1.0 / 2.0, 1.0 / 2.0, // 5..16 Taylor 1/2! .. 1/13!
  1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.0 / 39916800.0, 1.0 / 39916800.0,
  1.0 / 479001600.0, 1.0 / 479001600.0,
  1.0 / 6227020800.0, 1.0 / 6227020800.0,
  1.0, 1.0, // 17
  6755399441055744.0 + 1023.0, 6755399441055744.0 + 1023.0, // 18 1.5 * 2^52 + exponent bias
  4503599627370496.0 + 1023.0, 4503599627370496.0 + 1023.0, // 19 2^52 + exponent bias
  1.41421356237309514547, 1.41421356237309514547, // 20 sqrt 2
  2.0, 2.0, // 21
  6.666666666666735130e-01, 6.666666666666735130e-01, // 22..28 fdlibm Lg1..Lg7
  3.999999999940941908e-01, 3.999999999940941908e-01,
  2.857142874366239149e-01, 2.857142874366239149e-01,
  2.222219843214978396e-01, 2.222219843214978396e-01,
  1.818357216161805012e-01, 1.818357216161805012e-01,
  1.531383769920937332e-01, 1.531383769920937332e-01,
  1.479819860511658591e-01, 1.479819860511658591e-01,
  2.2250738585072014e-308, 2.2250738585072014e-308, // 29 smallest normal
  Infinity, Infinity, // 30
  NaN, NaN, // 31
  0.5, 0.5, // 32
], 16);
const MANTISSA = memory.data<i64>([0x000fffffffffffff, 0x000fffffffffffff, 0x3ff0000000000000, 0x3ff0000000000000, 0x4330000000000000, 0x4330000000000000], 16);

// @ts-ignore: decorator
@inline
function k(i: i32): v128 {
  return v128.load(TABLE + <usize>i * 16);
}

let base: usize = 0;
let stride: usize = 0;

/** Make room for n points (rounded up to even) and return the address of the first array. */
export function reserve(n: i32): usize {
  const npad = <usize>((n + 1) & ~1);
  const b = (__heap_base + 15) & ~(<usize>15);
  const need = b + npad * 32 + 64;
  const have = (<usize>memory.size()) << 16;
  if (need > have) memory.grow(<i32>((need - have + 0xffff) >> 16));
  base = b;
  stride = npad * 8;
  return b;
}

// @ts-ignore: decorator
@inline
function vexp(x0: v128, C_LO: v128, C_HI: v128, C_INV_LN2: v128, C_LN2_HI: v128, C_LN2_LO: v128, T2: v128, T3: v128, T4: v128, T5: v128, T6: v128, T7: v128, T8: v128, T9: v128, T10: v128, T11: v128, T12: v128, T13: v128, C_ONE: v128, C_HALF: v128, C_SHIFT_BIAS: v128): v128 {
  // Clamp so that 2^k splits into two normal halves (exp(-1000) = 0, exp(1000) = inf); NaN stays NaN.
  const x = f64x2.pmin(f64x2.pmax(x0, C_LO), C_HI);
  const kd = f64x2.nearest(f64x2.mul(x, C_INV_LN2));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kd, C_LN2_HI)), f64x2.mul(kd, C_LN2_LO));
  // e^r = 1 + (r + r^2 q(r)), q by Estrin's scheme (short dependency chains).
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const a0 = f64x2.add(T2, f64x2.mul(r, T3));
  const a1 = f64x2.add(T4, f64x2.mul(r, T5));
  const a2 = f64x2.add(T6, f64x2.mul(r, T7));
  const a3 = f64x2.add(T8, f64x2.mul(r, T9));
  const a4 = f64x2.add(T10, f64x2.mul(r, T11));
  const a5 = f64x2.add(T12, f64x2.mul(r, T13));
  const b0 = f64x2.add(a0, f64x2.mul(r2, a1));
  const b1 = f64x2.add(a2, f64x2.mul(r2, a3));
  const b2 = f64x2.add(a4, f64x2.mul(r2, a5));
  const q = f64x2.add(b0, f64x2.mul(r4, f64x2.add(b1, f64x2.mul(r4, b2))));
  const p = f64x2.add(C_ONE, f64x2.add(r, f64x2.mul(r2, q)));
  // 2^k = 2^k1 2^k2, k1 = floor(k/2), both normal powers of two (|k| <= 1443). Adding
  // 1.5 * 2^52 + 1023 leaves k_i + 1023 in the low bits; shifting left by 52 moves it into the
  // exponent field and drops the rest.
  const k1 = f64x2.floor(f64x2.mul(kd, C_HALF));
  const k2 = f64x2.sub(kd, k1);
  const s1 = i64x2.shl(f64x2.add(k1, C_SHIFT_BIAS), 52);
  const s2 = i64x2.shl(f64x2.add(k2, C_SHIFT_BIAS), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline
function vlog(x: v128, C_MANT: v128, C_ONE_BITS: v128, C_TWO52_BITS: v128, C_TWO52_BIAS: v128, C_SQRT2: v128, C_HALF: v128, C_ONE: v128, C_TWO: v128, LG1: v128, LG2: v128, LG3: v128, LG4: v128, LG5: v128, LG6: v128, LG7: v128, C_LN2_HI: v128, C_LN2_LO: v128): v128 {
  // x positive, normal and finite (the caller masks other lanes); x = 2^e m, m in [1, 2).
  let m: v128 = v128.or(v128.and(x, C_MANT), C_ONE_BITS);
  // Exponent as a double: (2^52 + biased) - (2^52 + 1023), exact.
  let e = f64x2.sub(v128.or(i64x2.shr_u(x, 52), C_TWO52_BITS), C_TWO52_BIAS);
  const big = f64x2.gt(m, C_SQRT2);
  m = v128.bitselect(f64x2.mul(m, C_HALF), m, big);
  e = f64x2.add(e, v128.and(big, C_ONE));
  const f = f64x2.sub(m, C_ONE);
  const s = f64x2.div(f, f64x2.add(C_TWO, f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(LG2, f64x2.mul(w, f64x2.add(LG4, f64x2.mul(w, LG6)))));
  const t2 = f64x2.mul(z, f64x2.add(LG1, f64x2.mul(w, f64x2.add(LG3, f64x2.mul(w, f64x2.add(LG5, f64x2.mul(w, LG7)))))));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(C_HALF, f), f);
  // e ln2_hi - ((hfsq - (s (hfsq + R) + e ln2_lo)) - f)
  const inner = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), f64x2.mul(e, C_LN2_LO));
  return f64x2.sub(f64x2.mul(e, C_LN2_HI), f64x2.sub(f64x2.sub(hfsq, inner), f));
}

/**
 * Objective over the first n points (a padding point, when n is odd, must carry weight 0). Huber
 * with threshold delta (Infinity gives r^2 / 2). Writes the gradient with respect to
 * (e, a, b, alpha, beta) after the four arrays and returns the value.
 * n < 0 is the accuracy check (tests): writes exp(a), exp(b), log(a), log(b) at the first array.
 */
export function objective(n: i32, E: f64, a: f64, b: f64, alpha: f64, beta: f64, delta: f64): f64 {
  // Constants as locals: V8 keeps them in registers or stack slots across the loop.
  const C_LO = k(0);
  const C_HI = k(1);
  const C_INV_LN2 = k(2);
  const C_LN2_HI = k(3);
  const C_LN2_LO = k(4);
  const T2 = k(5);
  const T3 = k(6);
  const T4 = k(7);
  const T5 = k(8);
  const T6 = k(9);
  const T7 = k(10);
  const T8 = k(11);
  const T9 = k(12);
  const T10 = k(13);
  const T11 = k(14);
  const T12 = k(15);
  const T13 = k(16);
  const C_ONE = k(17);
  const C_HALF = k(32);
  const C_SHIFT_BIAS = k(18);
  const C_MANT = v128.load(MANTISSA);
  const C_ONE_BITS = v128.load(MANTISSA + 16);
  const C_TWO52_BITS = v128.load(MANTISSA + 32);
  const C_TWO52_BIAS = k(19);
  const C_SQRT2 = k(20);
  const C_TWO = k(21);
  const LG1 = k(22);
  const LG2 = k(23);
  const LG3 = k(24);
  const LG4 = k(25);
  const LG5 = k(26);
  const LG6 = k(27);
  const LG7 = k(28);
  const C_MIN_NORMAL = k(29);
  const C_INF = k(30);
  const C_NAN = k(31);
  if (n < 0) {
    const v = f64x2.replace_lane(f64x2.splat(a), 1, b);
    v128.store(base, vexp(v, C_LO, C_HI, C_INV_LN2, C_LN2_HI, C_LN2_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, C_ONE, C_HALF, C_SHIFT_BIAS));
    v128.store(base + 16, vlog(v, C_MANT, C_ONE_BITS, C_TWO52_BITS, C_TWO52_BIAS, C_SQRT2, C_HALF, C_ONE, C_TWO, LG1, LG2, LG3, LG4, LG5, LG6, LG7, C_LN2_HI, C_LN2_LO));
    return 0;
  }
  const end = <usize>((n + 1) & ~1) * 8;
  const pN = base, pD = base + stride, pT = base + 2 * stride, pW = base + 3 * stride;
  const vE = f64x2.splat(E), va = f64x2.splat(a), vb = f64x2.splat(b);
  const valpha = f64x2.splat(alpha), vbeta = f64x2.splat(beta);
  const hi = f64x2.splat(delta), lo = f64x2.splat(-delta);
  let vf = f64x2.splat(0), gE = vf, gA = vf, gB = vf, gAl = vf, gBe = vf;
  for (let off: usize = 0; off < end; off += 16) {
    const ln = v128.load(pN + off), ld = v128.load(pD + off);
    const t = v128.load(pT + off), w = v128.load(pW + off);
    const tN = vexp(f64x2.sub(va, f64x2.mul(valpha, ln)), C_LO, C_HI, C_INV_LN2, C_LN2_HI, C_LN2_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, C_ONE, C_HALF, C_SHIFT_BIAS);
    const tD = vexp(f64x2.sub(vb, f64x2.mul(vbeta, ld)), C_LO, C_HI, C_INV_LN2, C_LN2_HI, C_LN2_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, C_ONE, C_HALF, C_SHIFT_BIAS);
    const pred = f64x2.add(f64x2.add(vE, tN), tD);
    // A prediction that is not a positive normal finite number makes the residual NaN (the
    // objective then reports +Infinity), as Math.log's -Infinity/Infinity/NaN would.
    const ok = v128.and(f64x2.ge(pred, C_MIN_NORMAL), f64x2.lt(pred, C_INF));
    const r = v128.bitselect(f64x2.sub(vlog(pred, C_MANT, C_ONE_BITS, C_TWO52_BITS, C_TWO52_BIAS, C_SQRT2, C_HALF, C_ONE, C_TWO, LG1, LG2, LG3, LG4, LG5, LG6, LG7, C_LN2_HI, C_LN2_LO), t), C_NAN, ok);
    const psi = f64x2.pmin(f64x2.pmax(r, lo), hi);
    const rho = f64x2.mul(psi, f64x2.sub(r, f64x2.mul(C_HALF, psi)));
    vf = f64x2.add(vf, f64x2.mul(w, rho));
    const s = f64x2.div(f64x2.mul(w, psi), pred);
    const sN = f64x2.mul(s, tN), sD = f64x2.mul(s, tD);
    gE = f64x2.add(gE, s);
    gA = f64x2.add(gA, sN);
    gB = f64x2.add(gB, sD);
    gAl = f64x2.add(gAl, f64x2.mul(sN, ln));
    gBe = f64x2.add(gBe, f64x2.mul(sD, ld));
  }
  const out = base + 4 * stride;
  store<f64>(out, (f64x2.extract_lane(gE, 0) + f64x2.extract_lane(gE, 1)) * E);
  store<f64>(out + 8, f64x2.extract_lane(gA, 0) + f64x2.extract_lane(gA, 1));
  store<f64>(out + 16, f64x2.extract_lane(gB, 0) + f64x2.extract_lane(gB, 1));
  store<f64>(out + 24, -(f64x2.extract_lane(gAl, 0) + f64x2.extract_lane(gAl, 1)));
  store<f64>(out + 32, -(f64x2.extract_lane(gBe, 0) + f64x2.extract_lane(gBe, 1)));
  return f64x2.extract_lane(vf, 0) + f64x2.extract_lane(vf, 1);
}
