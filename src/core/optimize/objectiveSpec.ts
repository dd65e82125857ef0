// What a fit minimises, as data (kind, Huber delta, residual space, reduction).

export type LossKind = 'huber' | 'l2' | 'l1';
export type ResidualSpace = 'log' | 'linear';
export type Reduction = 'sum' | 'mean';

export interface ObjectiveSpec {
  kind: LossKind;
  /** Huber threshold (ignored by l2/l1). */
  delta: number;
  space: ResidualSpace;
  reduction: Reduction;
}

