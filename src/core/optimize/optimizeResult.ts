/**
 * Result of a bound-constrained minimisation, shaped after scipy's `OptimizeResult`.
 *
 * status: 0 converged, 1 iteration/evaluation limit, 2 abnormal (line search failed,
 * no progress, non-finite values at the start), 3 cancelled through `shouldStop`.
 */
export interface OptimizeResult {
  /** Final iterate (always inside the box). */
  x: Float64Array;
  /** f(x). */
  fun: number;
  /** Gradient at x. */
  jac: Float64Array;
  /** Number of completed iterations (accepted line searches). */
  nit: number;
  /** Number of calls of the objective (each returns f and g). */
  nfev: number;
  status: 0 | 1 | 2 | 3;
  success: boolean;
  message: string;
}

export const MSG_CONV_PGTOL = 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL';
export const MSG_CONV_FTOL = 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH';
export const MSG_STOP_ITER = 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT';
export const MSG_STOP_FUN = 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT';
export const MSG_ABNORMAL_LNSRCH = 'ABNORMAL_TERMINATION_IN_LNSRCH';
export const MSG_ABNORMAL_START = 'ABNORMAL_TERMINATION: NON-FINITE f OR g AT THE STARTING POINT';
export const MSG_CANCELLED = 'STOP: CANCELLED';
