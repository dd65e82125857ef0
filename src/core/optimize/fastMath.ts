// Table-driven exp and log for the fit's hot loops (each Chinchilla objective evaluation takes 2 exp +
// 1 log per point; V8's Math.exp/Math.log are out-of-line fdlibm calls). Measured in a tight loop on
// the project's x64 machine: fastExp 3.1 ns vs Math.exp 7.8 ns, fastLog 4.35 ns vs Math.log 5.7 ns.
// Pure IEEE-754 double arithmetic, so results are the same on every machine. Both stay within
// 2 ulp of the exact value (measured against Math.exp/Math.log in test/unit/core/optimize/fastMath.test.ts;
// the error analysis below gives about 0.5-1.1 ulp). Methods follow Tang's table-driven algorithms
// (ACM TOMS 1989/1990): exp = 2^(k/64) * expm1-polynomial, log = k*ln2 + log(c) + log1p-polynomial.

// ---------------------------------------------------------------------------------------------
// Double-double arithmetic, used only at module load to build correctly rounded tables.
type DD = [number, number];
const SPLITTER = 134217729; // 2^27 + 1 (Dekker)
function twoSum(a: number, b: number): DD {
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function fastTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLITTER * a, ah = ca - (ca - a), al = a - ah;
  const cb = SPLITTER * b, bh = cb - (cb - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function ddAdd(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  return fastTwoSum(s, e + x[1] + y[1]);
}
function ddMul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return fastTwoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}
/** x / y for doubles x, y, to about 2^-104 relative. */
function ddDivNum(x: DD, y: number): DD {
  const q1 = x[0] / y;
  const [p, e] = twoProd(q1, y);
  const q2 = ((x[0] - p) - e + x[1]) / y;
  return fastTwoSum(q1, q2);
}

/** ln 2 as a double-double (0x3FE62E42FEFA39EF + 0x3C7ABC9E3B39803F). */
const LN2_DD: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** exp(x) for 0 <= x < 1 by its Taylor series in double-double. */
function ddExp(x: DD): DD {
  let sum: DD = [1, 0], term: DD = [1, 0];
  for (let n = 1; n < 40; n++) {
    term = ddDivNum(ddMul(term, x), n);
    sum = ddAdd(sum, term);
  }
  return sum;
}

/** log(a / b) for integers 0 < b <= a < 2b by 2 atanh((a - b) / (a + b)) in double-double. */
function ddLogRatio(a: number, b: number): DD {
  const u = ddDivNum([a - b, 0], a + b);
  const u2 = ddMul(u, u);
  let sum: DD = u, pow: DD = u;
  for (let k = 1; k < 60; k++) {
    pow = ddMul(pow, u2);
    sum = ddAdd(sum, ddDivNum(pow, 2 * k + 1));
  }
  return [2 * sum[0], 2 * sum[1]];
}

// ---------------------------------------------------------------------------------------------
// exp

/** 2^(j/64), j = 0..63, as hi + lo (hi correctly rounded; lo the next 53 bits). */
const EXP_T_HI = new Float64Array(64);
const EXP_T_LO = new Float64Array(64);
for (let j = 0; j < 64; j++) {
  const t = ddExp(ddMul(LN2_DD, [j / 64, 0]));
  EXP_T_HI[j] = t[0];
  EXP_T_LO[j] = t[1];
}
/** 2^k for k = -1074..1023 (exact: normal and subnormal powers of two), index k + 1074. */
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let k = 1; k <= 1023; k++) POW2[1074 + k] = POW2[1073 + k] * 2;
for (let k = 1; k <= 1074; k++) POW2[1074 - k] = POW2[1075 - k] * 0.5;

const INV_LN2_64 = 92.33248261689366; // 64 / ln 2
/** ln2/64 split (Cody-Waite): HI has 32 significant bits, so k * HI is exact for |k| < 2^21. */
const LN2_64_HI = 6.93147180369123816490e-01 / 64; // 0x3FE62E42FEE00000 / 64
const LN2_64_LO = 1.90821492927058770002e-10 / 64; // 0x3DEA39EF35793C76 / 64
const ROUND_SHIFT = 6755399441055744; // 1.5 * 2^52: (x + SHIFT) - SHIFT rounds x to an integer (ties to even)

/**
 * e^x within 2 ulp (about 0.51 ulp by analysis), pure arithmetic.
 * Special cases: NaN -> NaN, +Inf -> +Inf, -Inf -> 0, x > ~709.7827 -> +Inf (overflow through the
 * final multiplication, like Math.exp); results below the smallest normal (x < -708.4) are rounded once
 * from the table-driven value to the subnormal grid, so they round to 0 exactly when e^x < 2^-1075
 * (x below about -745.1332), except possibly for the one or two doubles at that boundary.
 */
export function fastExp(x: number): number {
  // x = (64 m + j) ln2/64 + r, |r| <= ln2/128; e^x = 2^m * 2^(j/64) * e^r.
  const kd = (x * INV_LN2_64 + ROUND_SHIFT) - ROUND_SHIFT;
  const r = (x - kd * LN2_64_HI) - kd * LN2_64_LO;
  // e^r - 1 to degree 5: the first omitted term is < 3.5e-17 relative for |r| <= ln2/128.
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * 0.008333333333333333)));
  if (x >= -708 && x <= 709) {
    const k = kd | 0, j = k & 63;
    const t = EXP_T_HI[j];
    return (t + (t * p + EXP_T_LO[j])) * POW2[(k >> 6) + 1074];
  }
  return expEdge(x, kd, p);
}

/** Outside [-708, 709]: NaN, infinities, overflow and results near or below the smallest normal. */
function expEdge(x: number, kd: number, p: number): number {
  if (x !== x) return x;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  const k = kd | 0, j = k & 63, m = k >> 6;
  const t = EXP_T_HI[j];
  const y = t + (t * p + EXP_T_LO[j]);
  // Two steps so that each factor is a normal power of two; only the second multiplication rounds.
  if (m > 0) return y * POW2[m - 2 + 1074] * 4; // overflows to Infinity beyond the largest double
  return y * POW2[m + 100 + 1074] * POW2[-100 + 1074];
}

// ---------------------------------------------------------------------------------------------
// log

const LOG_N = 256;
/**
 * Per subinterval i of [1, 2), interleaved (one array, one bounds check): the centre
 * c_i = 1 + (i + 1/2)/256, 1/c_i, and log c_i as hi + lo (to about 2^-104).
 */
const LOG_T = new Float64Array(4 * LOG_N);
for (let i = 0; i < LOG_N; i++) {
  const c = 1 + (2 * i + 1) / 512;
  const l = ddLogRatio(512 + 2 * i + 1, 512);
  LOG_T[4 * i] = c;
  LOG_T[4 * i + 1] = 1 / c;
  LOG_T[4 * i + 2] = l[0];
  LOG_T[4 * i + 3] = l[1];
}
const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42FEE00000: k * LN2_HI exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF35793C76
const TWO54 = 18014398509481984;

// Exponent and top mantissa bits are read through shared buffers. The hot path goes through a
// float32 copy (same-size store and load, so the load is forwarded from the store; an 8-byte store
// read back as 4 bytes stalls, measured 12-15 ns); rounding to float32 can only move x to the
// neighbouring subinterval (or the next binade's first one), where |r| stays below 2^-9 + 2^-23.
// The mantissa is then x * 2^-e, exact. Doubles outside float32's normal range take the rare path.
const F32 = new Float32Array(1);
const I32F = new Int32Array(F32.buffer);
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
F64[0] = 1;
/** Index of the high (sign, exponent) word of a double: 1 on little-endian machines, 0 on big-endian. */
const HI = I32[1] === 0x3ff00000 ? 1 : 0;
F32[0] = 1;
/** Any other layout (none that Node runs on) falls back to Math.log. */
const WORDS_OK = I32[HI] === 0x3ff00000 && I32[1 - HI] === 0 && I32F[0] === 0x3f800000;

/** log x within 2 ulp (about 1 ulp by analysis), pure arithmetic; special cases as Math.log. */
export function fastLog(x: number): number {
  F32[0] = x;
  const b = I32F[0];
  const f = x - 1;
  // Rare cases in their own function so that this one stays small enough for V8 to inline (a call
  // that is not inlined boxes its double result).
  if (b < 0x00800000 || b >= 0x7f800000 || (f > -0.0078125 && f < 0.015625) || !WORDS_OK) return logRare(x, f);
  return logCore(x, (b >> 23) - 127, (b >> 13) & 1020);
}

/** log x for x = 2^e m, m in [1/2, 2] near subinterval o/4 (o = 4 * top 8 mantissa bits). */
function logCore(x: number, e: number, o: number): number {
  // log x = e ln2 + log c_i + log1p((m - c_i)/c_i).
  const r = (x * POW2[1074 - e] - LOG_T[o]) * LOG_T[o + 1]; // m - c_i exact, |r| < 2^-9 + 2^-23
  // log1p(r) to degree 6 (first omitted term < 2^-65).
  const r2 = r * r;
  const q = r + r2 * (-0.5 + r * 0.3333333333333333) + r2 * r2 * (-0.25 + r * (0.2 + r * -0.16666666666666666));
  // e ln2 + log c_i as a double-double (e*LN2_HI is exact and, when e != 0, larger than log c_i).
  const a = e * LN2_HI, lc = LOG_T[o + 2];
  const s = a + lc;
  return s + (((lc - (s - a)) + (e * LN2_LO + LOG_T[o + 3])) + q);
}

/** x near 1 (f = x - 1), outside float32's normal range, zero, negative, infinite or NaN. */
function logRare(x: number, f: number): number {
  if (!WORDS_OK) return Math.log(x);
  if (f > -0.0078125 && f < 0.015625) {
    // log1p(f) by Taylor to degree 10 (first omitted term < 2^-60 relative): no table, no cancellation.
    const h = 0.14285714285714285 + f * (-0.125 + f * (0.1111111111111111 + f * -0.1));
    return f + f * f * (-0.5 + f * (0.3333333333333333 + f * (-0.25 + f * (0.2 + f * (-0.16666666666666666 + f * h)))));
  }
  if (x !== x || x === Infinity) return x;
  if (x === 0) return -Infinity; // also -0, like Math.log
  if (x < 0) return NaN;
  if (x < 2.2250738585072014e-308) {
    // Positive subnormal: log(x 2^54) - 54 ln2 (54*LN2_HI is exact; one more rounding, about 1 ulp).
    return (logRare(x * TWO54, NaN) - 54 * LN2_HI) - 54 * LN2_LO;
  }
  F64[0] = x;
  const hi = I32[HI];
  return logCore(x, (hi >> 20) - 1023, (hi >> 10) & 1020);
}
