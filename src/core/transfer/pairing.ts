// Pairing runs across data sets (train-to-train loss-to-loss): models trained on data set 0 and
// on data set 1 are matched when they used the same tokens (or the same compute). This is an
// inner join on a numeric key, like the authors' `df1.join(df2.set_index("tokens"), on="tokens",
// how="inner")`: every left row is paired with every right row whose key matches, in left order,
// then right order. Keys match when they agree to a relative tolerance (default 1e-9, i.e.
// exact up to floating-point formatting).

export interface Pairing {
  /** Row indices into the left (x) side, one per pair. */
  left: Int32Array;
  /** Row indices into the right (y) side, one per pair. */
  right: Int32Array;
  /** Left rows with no partner, and right rows with no partner. */
  unmatchedLeft: number;
  unmatchedRight: number;
}

export function keysMatch(a: number, b: number, relTol: number): boolean {
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
}

export function pairByKey(leftKey: ArrayLike<number>, rightKey: ArrayLike<number>, relTol = 1e-9): Pairing {
  const order = Array.from({ length: rightKey.length }, (_, j) => j)
    .filter((j) => Number.isFinite(rightKey[j]))
    .sort((p, q) => rightKey[p] - rightKey[q] || p - q);
  const sorted = Float64Array.from(order, (j) => rightKey[j]);
  const left: number[] = [], right: number[] = [];
  const usedRight = new Uint8Array(rightKey.length);
  let unmatchedLeft = 0;
  for (let i = 0; i < leftKey.length; i++) {
    const k = leftKey[i];
    if (!Number.isFinite(k)) { unmatchedLeft++; continue; }
    const lo = k - relTol * Math.abs(k) * 2;
    // first sorted index with key >= lo
    let a = 0, b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m] < lo) a = m + 1; else b = m;
    }
    const matches: number[] = [];
    for (let s = a; s < sorted.length && sorted[s] <= k + relTol * Math.abs(k) * 2; s++) {
      if (keysMatch(k, sorted[s], relTol)) matches.push(order[s]);
    }
    if (matches.length === 0) { unmatchedLeft++; continue; }
    matches.sort((p, q) => p - q);
    for (const j of matches) {
      left.push(i);
      right.push(j);
      usedRight[j] = 1;
    }
  }
  let unmatchedRight = 0;
  for (let j = 0; j < rightKey.length; j++) if (!usedRight[j]) unmatchedRight++;
  return { left: Int32Array.from(left), right: Int32Array.from(right), unmatchedLeft, unmatchedRight };
}
