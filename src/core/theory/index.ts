// Public API of the PLRF theory core (used by the CLI `phases` command and the phases panel).
// Long computations take ProgressHooks { onProgress(done, total), shouldStop() } and throw
// CancelledError when stopped.
export * from './model';
export { symEigenProject } from './eigen';
export { LIMITS } from './limits';
export { buildKernelMatrix, exactSpectrum, modalCurve, forcingAndKernel, solveVolterra, kernelNorm, DEFAULT_RHO, DEFAULT_MIN_STEP, type Spectrum, type CurveOptions } from './exact';
export { simulateSgd, MAX_SIMULATION_ENTRIES, type SimulationResult } from './sgd';
export { approximateSpectrum } from './approximate';
export { limitLoss, deterministicSpectrum, deterministicForcingKernel, deterministicCurve, type DeterministicSpectrum, type DeterministicOptions } from './deterministic';
export {
  classifyPhase, interiorPhase, closedFormExponents, checkExponentsDomain, placeExponents, phaseMapGeometry, ALPHA_IV_SPLIT, PHASE_ORDER, TERM,
  type ExponentSource, type PhaseInfo, type PhaseName, type PlacedPoint, type PhaseRegion, type PhaseLine, type PhaseMapGeometry,
} from './phases';
export {
  measureExponents, exponentHeatmap, geometricGrid, linearFit, parabolaVertex, aitkenLimit,
  type ExponentOptions, type ExponentResult, type FrontierPoint, type HeatmapCell, type FiniteSizePoint, type Extrapolated,
} from './exponents';
