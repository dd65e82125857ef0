// Defaults every face shares (CLI, report, extension): one place, so the same file gives the same
// answer wherever it is fitted.
export const FIT_DEFAULTS = {
  law: 'chinchilla',
  /**
   * Bootstrap resamples for intervals: every fit has them unless asked not to (--bootstrap 0). 400
   * costs ~10 % over the point fit on Epoch's 245 points and keeps interval endpoints within a
   * median 2 % of a 4000-resample bootstrap (docs/TRUST.md).
   */
  bootstrap: 400,
  seed: 0,
} as const;
