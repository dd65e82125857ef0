// Each law's default fitting procedure is its authors' own (objective, residual space, reduction,
// starts, method), read from their papers and code (../shared/LAWS.md, docs/CONVENTIONS.md). A fit
// without objective or start flags is then the authors' fit; flags override single fields, and the
// FitReport says which fields differ from the authors' (procedureRecord).
import type { ObjectiveSpec } from '../optimize/objective';
import type { LawSpec } from './types';

export interface LawProcedure {
  /** Who fits the law this way and where it is written (paper, repository file). */
  source: string;
  /** True when the authors publish no fitting procedure and the defaults are this project's choice. */
  projectChoice?: boolean;
  /**
   * Objective minimised by default. For least squares (l2) delta is 1e-3 anyway: it is ignored by
   * l2 and is the threshold a user gets when switching the kind to Huber.
   */
  objective: ObjectiveSpec;
  /** The default starts (the law's params[].grid), as the authors give them. */
  starts: string;
  /**
   * The authors' method when it is not a multi-start optimisation of `objective`, and what it needs:
   * 'log-ols' = loss-to-loss OLS in log space with E_x, E_y fixed (core/transfer/logOls.ts).
   */
  method?: { id: 'log-ols'; needsFixed: string[] };
  /** What we do differently (optimizer, precision) or what the authors fix, in one line each. */
  notes: string[];
}

/** Huber threshold of every Huber objective in the papers (Hoffmann et al., Muennighoff et al., ...). */
export const AUTHORS_HUBER_DELTA = 1e-3;

export const HUBER_LOG_SUM: ObjectiveSpec = { kind: 'huber', delta: AUTHORS_HUBER_DELTA, space: 'log', reduction: 'sum' };
export const HUBER_LOG_MEAN: ObjectiveSpec = { kind: 'huber', delta: AUTHORS_HUBER_DELTA, space: 'log', reduction: 'mean' };
/** Least squares on the raw target (scipy curve_fit). */
export const L2_LINEAR_SUM: ObjectiveSpec = { kind: 'l2', delta: AUTHORS_HUBER_DELTA, space: 'linear', reduction: 'sum' };
/** Least squares on the log of the target (OLS in log space). */
export const L2_LOG_SUM: ObjectiveSpec = { kind: 'l2', delta: AUTHORS_HUBER_DELTA, space: 'log', reduction: 'sum' };

const KINDS = ['huber', 'l2', 'l1'] as const;
const SPACES = ['log', 'linear'] as const;
const REDUCTIONS = ['sum', 'mean'] as const;

/**
 * The objective a fit uses: the law's authors' objective with the fields the user set replacing
 * theirs. Throws a RangeError naming the field for a value that is not allowed.
 */
export function resolveObjective(law: LawSpec, overrides: Partial<ObjectiveSpec> = {}): ObjectiveSpec {
  const d = law.procedure.objective;
  const pick = <T extends string>(v: T | undefined, allowed: readonly T[], field: string, fallback: T): T => {
    if (v === undefined) return fallback;
    if (!allowed.includes(v)) throw new RangeError(`objective ${field} must be one of ${allowed.join('|')}, got '${v}'`);
    return v;
  };
  const delta = overrides.delta ?? d.delta;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new RangeError(`objective delta must be a positive number, got ${delta}`);
  return {
    kind: pick(overrides.kind, KINDS, 'kind', d.kind),
    delta,
    space: pick(overrides.space, SPACES, 'space', d.space),
    reduction: pick(overrides.reduction, REDUCTIONS, 'reduction', d.reduction),
  };
}

/** The starts a fit used, as the fitter records them (StartsSpec without importing core/fit). */
export interface StartsUsed {
  kind: string;
  name?: string;
  count?: number;
}

/** What a FitReport says about its procedure: the authors', and where this fit departs from it. */
export interface ProcedureRecord {
  source: string;
  projectChoice: boolean;
  authors: { objective: ObjectiveSpec; starts: string; method?: string };
  /** True when the objective, starts and method are the authors' own. */
  asAuthors: boolean;
  /** One line per field that differs from the authors' procedure. */
  differences: string[];
  notes: string[];
}

/**
 * The procedure record of a fit of `law` with `objective`, `starts` and `method` ('optimize' or
 * the authors' special method id). Starts 'default' are the authors' starts; a named grid equal
 * to them (e.g. --starts gadre) counts as theirs too.
 */
export function procedureRecord(law: LawSpec, used: { objective: ObjectiveSpec; starts: StartsUsed; method?: string }): ProcedureRecord {
  const p = law.procedure;
  const a = p.objective, o = used.objective;
  const differences: string[] = [];
  if (o.kind !== a.kind) differences.push(`objective ${o.kind} (authors: ${a.kind})`);
  else if (o.kind === 'huber' && o.delta !== a.delta) differences.push(`Huber delta ${o.delta} (authors: ${a.delta})`);
  if (o.space !== a.space) differences.push(`${o.space} residuals (authors: ${a.space})`);
  if (o.reduction !== a.reduction) differences.push(`${o.reduction} over points (authors: ${a.reduction})`);
  if (!startsAreAuthors(law, used.starts)) differences.push(`starts ${used.starts.kind === 'grid' ? `grid '${used.starts.name}'` : `${used.starts.kind}${used.starts.count ? ` (${used.starts.count})` : ''}`} (authors: ${p.starts})`);
  const method = used.method ?? 'optimize';
  if (p.method && method !== p.method.id) differences.push(`method ${method} (authors: ${p.method.id}, which needs ${p.method.needsFixed.join(', ')} fixed)`);
  if (!p.method && method !== 'optimize') differences.push(`method ${method} (authors: multi-start optimisation)`);
  return {
    source: p.source,
    projectChoice: Boolean(p.projectChoice),
    authors: { objective: a, starts: p.starts, ...(p.method ? { method: p.method.id } : {}) },
    asAuthors: differences.length === 0,
    differences,
    notes: p.notes,
  };
}

function startsAreAuthors(law: LawSpec, s: StartsUsed): boolean {
  if (s.kind === 'default') return true;
  if (s.kind !== 'grid' || !s.name) return false;
  const g = law.grids?.[s.name];
  return Boolean(g) && law.params.every((q) => sameValues(g![q.name] ?? q.grid, q.grid));
}

function sameValues(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
