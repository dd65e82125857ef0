// Public API of the planning core (pure functions; used by the CLI, the worker and the editor hovers).
export * from './arch';
export * from './paramCount';
export * from './flops';
export * from './configs';
export * from './computeOptimal';
export * from './approaches';
export * from './hparams';
export * from './inference';
export * from './wallclock';
export * from './proposeConfig';
export * from './insights';
export * from './dataConstrainedOptimal';
export * from './minimize1d';
