// Every law any face can name, in one list: the laws fitted to runs (final losses, transfer) and
// the laws fitted to training curves under a learning-rate schedule. Names are validated here and
// nowhere else; the registries (./registry.ts for runs, ../curves/curveLaws.ts for curves) build
// the laws. Plain data: the extension host reads it without loading any law code.
import { InputError } from '../errors';

export type LawKind = 'runs' | 'curve';

export interface LawEntry {
  id: string;
  kind: LawKind;
  title: string;
  /** Input roles it reads ('power' and 'densing' take theirs from an option). */
  inputs: string[];
}

export const LAW_CATALOG: readonly LawEntry[] = [
  { id: 'chinchilla', kind: 'runs', title: 'Chinchilla parametric law', inputs: ['N', 'D'] },
  { id: 'kaplan', kind: 'runs', title: 'Kaplan joint law', inputs: ['N', 'D'] },
  { id: 'kaplan-e', kind: 'runs', title: 'Kaplan joint law with irreducible loss', inputs: ['N', 'D'] },
  { id: 'power', kind: 'runs', title: 'Power law in one input', inputs: ['N'] },
  { id: 'loss-to-loss', kind: 'runs', title: 'Loss-to-loss shifted power law', inputs: ['x'] },
  { id: 'overtraining', kind: 'runs', title: 'Over-training law (Chinchilla with alpha = beta, M = D/N)', inputs: ['N', 'D'] },
  { id: 'downstream', kind: 'runs', title: 'Downstream error from loss (exponential)', inputs: ['x'] },
  { id: 'downstream-sigmoid', kind: 'runs', title: 'Downstream accuracy from loss (sigmoid)', inputs: ['x'] },
  { id: 'data-constrained', kind: 'runs', title: 'Data-constrained law (repeated epochs)', inputs: ['N', 'D', 'U'] },
  { id: 'densing', kind: 'runs', title: 'Densing law: capacity density grows exponentially', inputs: ['step'] },
  { id: 'custom', kind: 'runs', title: 'A formula you type (mathjs syntax)', inputs: [] },
  { id: 'multipower', kind: 'curve', title: 'Multi-power law (Luo et al. 2025)', inputs: ['step', 'lr'] },
  { id: 'lr-annealing', kind: 'curve', title: 'LR-annealing law (Tissue et al. 2024)', inputs: ['step', 'lr'] },
  { id: 'power', kind: 'curve', title: 'Power law with offset in steps (per curve)', inputs: ['step'] },
];

export function lawIdsOf(kind: LawKind): string[] {
  return LAW_CATALOG.filter((l) => l.kind === kind).map((l) => l.id);
}

/** The catalog entry of a law name, or an InputError listing the known names of that kind. */
export function lawEntry(id: unknown, kind: LawKind): LawEntry {
  const e = typeof id === 'string' ? LAW_CATALOG.find((l) => l.kind === kind && l.id === id) : undefined;
  if (!e) throw new InputError(`unknown ${kind === 'curve' ? 'curve ' : ''}law '${String(id)}' (known: ${lawIdsOf(kind).join(', ')})`);
  return e;
}
