// "est. final loss 2.71 ± 0.02 at step 72k": the live watch's one-line summary of an extrapolation
// (status bar and Curve Panel share it).

export function estimateText(e: { estimate: number; lower: number | null; upper: number | null; step: number }): string {
  // No interval yet (a point fit; NaN arrives as null after JSON between processes): no ± at all.
  const half = typeof e.lower === 'number' && typeof e.upper === 'number' ? (e.upper - e.lower) / 2 : NaN;
  const digits = Number.isFinite(half) && half > 0 ? Math.min(6, Math.max(2, -Math.floor(Math.log10(half)))) : 3;
  const pm = Number.isFinite(half) ? ` ± ${half.toFixed(digits)}` : '';
  return `est. final loss ${e.estimate.toFixed(digits)}${pm} at step ${shortStep(e.step)}`;
}

/** 72000 → 72k, 1500000 → 1.5M, 950 → 950 (the step count the user logs, not rounded up). */
export function shortStep(s: number): string {
  if (s >= 1e6) return `${+(s / 1e6).toPrecision(3)}M`;
  if (s >= 1e3) return `${+(s / 1e3).toPrecision(3)}k`;
  return String(Math.round(s));
}
