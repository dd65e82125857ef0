// Loss curves under learning-rate schedules: one import for the CLI, the worker and the panels.
export * from './curveLaws';
export * from './fitCurves';
export * from './metrics';
export * from './extrapolate';
export * from './optimizeSchedule';
export * from '../schedule/schedule';
export { mplEvaluate, mplPredict, mplParamsFrom, prepareMplCurve, MPL_PARAM_NAMES, MPL_FORMULA } from '../laws/multipower';
export { lraEvaluate, prepareLraCurve, LRA_PARAM_NAMES, LRA_FORMULA } from '../laws/lrAnnealing';
