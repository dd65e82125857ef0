// Descriptive statistics used by bootstraps, bands and diagnostics: one copy for the whole project.

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample standard deviation (n - 1), as numpy's std(ddof=1). */
export function stdDev(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / Math.max(1, x.length - 1));
}

/**
 * Quantile q ∈ [0, 1] of values already sorted ascending, with linear interpolation between order
 * statistics (numpy's default 'linear' method). NaN for an empty input.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Percentile p ∈ [0, 100] of unsorted values (numpy.percentile's default). */
export function percentile(x: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(x).sort(), p / 100);
}

export function median(x: ArrayLike<number>): number {
  return percentile(x, 50);
}

/**
 * Central percentile interval of the finite values (level 0.95 → [2.5 %, 97.5 %]); undefined when
 * fewer than two values are finite (no spread to report).
 */
export function percentileInterval(values: ArrayLike<number>, level = 0.95): [number, number] | undefined {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (finite.length < 2) return undefined;
  const s = Float64Array.from(finite).sort();
  const tail = (1 - level) / 2;
  return [quantileSorted(s, tail), quantileSorted(s, 1 - tail)];
}

/** 1.4826 · MAD estimates the standard deviation of normal data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SD = 1.482602218505602;

/** Median absolute deviation about `center` (default: the median), unscaled. */
export function medianAbsoluteDeviation(x: ArrayLike<number>, center = median(x)): number {
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = Math.abs(x[i] - center);
  return median(d);
}

/**
 * Math.min/Math.max over any number of values: spreading a data-sized array into Math.min(...x)
 * overflows the call stack at a few hundred thousand values. NaN in, NaN out; empty gives ±Infinity.
 */
export function minOf(x: Iterable<number>): number {
  let m = Infinity;
  for (const v of x) {
    if (Number.isNaN(v)) return NaN;
    if (v < m) m = v;
  }
  return m;
}

export function maxOf(x: Iterable<number>): number {
  let m = -Infinity;
  for (const v of x) {
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}
