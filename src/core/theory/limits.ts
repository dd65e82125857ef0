// Documented size limits of the PLRF computations, checked before any O(d) work so that a huge
// request is refused at once (CLI: exit 2 naming the limit) instead of running for hours or
// exhausting memory. Each limit says what it protects.

export const LIMITS = {
  /** exact method: the d × d kernel matrix (8 d² bytes: 512 MiB at 8192) and its O(d³) eigen-decomposition */
  exactD: 8192,
  /** deterministic equivalent: O(grid · v · Newton levels) complex work, ~2e11 flops at d = 16384 */
  deterministicD: 16384,
  /** data dimension v: O(v) sums in the learning rate, P(0) and the F_0 bisection (×200) */
  v: 1 << 20,
  /** batch size B (summed in the update) */
  batch: 1 << 16,
  /** SGD steps R (the log-time grid has ~points-per-decade · log10 R points) */
  steps: 1e13,
  /** output points per decade of steps */
  pointsPerDecade: 1000,
  /** simulate: runs */
  runs: 10000,
  /** simulate: runs · R · B · v · d multiply-adds (about an hour of one core) */
  simulationWork: 1e13,
  /** exponents: grid points per octave of d */
  perOctave: 8,
  /** exponents: W draws averaged per d */
  draws: 64,
  /** exponents: draws · Σ_grid d³ (the eigen-decompositions), e.g. 8 draws of d = 64 … 4096 at 2 per octave */
  exponentWork: 8 * 1.6 * 4096 ** 3,
} as const;
