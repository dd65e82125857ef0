// Median, min and max of the finite values (a run that failed or had no accounting is left out).
export function stats(xs) {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const m = v.length >> 1;
  return { median: v.length ? (v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2) : NaN, min: v[0] ?? NaN, max: v[v.length - 1] ?? NaN, n: v.length };
}

/** Largest relative difference between two equally long arrays (0 when both are 0). */
export function maxRel(a, b) {
  let w = 0;
  for (let k = 0; k < a.length; k++) w = Math.max(w, Math.abs(a[k] - b[k]) / Math.max(Math.abs(a[k]), Math.abs(b[k]), 1e-300));
  return w;
}

export const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
