// Every law the CLI, the worker and the panels can name. Adding a law = one file + one line here.
import { chinchilla } from './chinchilla';
import { kaplanLaw } from './kaplan';
import { powerLaw } from './power';
import { dataConstrained } from './dataConstrained';
import { densingLaw } from './densing';
import { downstream, downstreamSigmoid } from './downstream';
import { lossToLoss } from './lossToLoss';
import { overtraining } from './overtraining';
import { lawEntry, lawIdsOf } from './catalog';
import type { LawSpec } from './types';

export interface LawOptions {
  /** Input role for single-variable laws ('power'); default 'N'. */
  x?: string;
  /** mathjs text for 'custom'. */
  formula?: string;
  /** Extra data columns a custom formula may read. */
  extraInputs?: string[];
}

type LawFactory = (o: LawOptions) => LawSpec;

const LAWS: Record<string, LawFactory> = {
  chinchilla: () => chinchilla,
  kaplan: () => kaplanLaw(false),
  'kaplan-e': () => kaplanLaw(true),
  power: (o) => powerLaw(o.x ?? 'N'),
  'loss-to-loss': () => lossToLoss,
  overtraining: () => overtraining,
  downstream: () => downstream,
  'downstream-sigmoid': () => downstreamSigmoid,
  'data-constrained': () => dataConstrained,
  densing: (o) => densingLaw(o.x ?? 'step'),
  custom: (o) => {
    if (!o.formula) throw new Error("law 'custom' needs --formula TEXT");
    // Loaded on demand: the custom law pulls in mathjs (~10 MB per isolate), which fit threads and
    // built-in laws should not pay for. The bundler turns this into a lazy module initialiser.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { customLaw } = require('./custom') as typeof import('./custom');
    return customLaw(o.formula, { extraInputs: o.extraInputs });
  },
};

export function lawIds(): string[] {
  return lawIdsOf('runs');
}

export function createLaw(id: string, options: LawOptions = {}): LawSpec {
  lawEntry(id, 'runs');
  return LAWS[id](options);
}
