// Defaults every face shares (CLI, report, extension): one place, so the same file gives the same
// answer wherever it is fitted.
export const FIT_DEFAULTS = {
  law: 'chinchilla',
  /** Bootstrap resamples for intervals. */
  bootstrap: 0,
  seed: 0,
} as const;
