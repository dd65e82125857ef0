// Flags shared by every command that runs a fit (fit, report): parse once, build a FitProblem.
import { CHINCHILLA_OBJECTIVE, type ObjectiveSpec } from '../core/optimize/objective';
import { DEFAULT_TOLERANCES, type FitProblem, type StartsSpec } from '../core/fit/problem';
import { createLaw, type LawOptions } from '../core/laws/registry';
import { resolveObjective } from '../core/laws/procedure';
import { shapeData, type PreparedData } from '../core/fit/prepareData';
import type { RunTable } from '../core/table/runTable';
import { resolveFixFromFits } from './fixFromFit';
import { INGEST_FLAGS } from './ingestOptions';
import { parseAssignments, parseTextAssignments, UsageError, type FlagSpec, type ParsedArgs } from './args';
import { readsSourceLoss, shapeTransferData } from './transfer';

export const FIT_FLAGS: FlagSpec = {
  law: 'string', x: 'string', formula: 'string', map: 'list', derive: 'list', where: 'string',
  objective: 'string', delta: 'number', space: 'string', reduction: 'string', starts: 'string',
  fix: 'list', procedure: 'string', bootstrap: 'number', seed: 'number', threads: 'number', json: 'boolean', out: 'string', quiet: 'boolean',
  // issue #8: pair source/target rows across data sets (loss-to-loss train-to-train), see src/cli/transfer.ts.
  'pair-by': 'string',
  // How logs are read (log10 columns, ppl → loss, curve reduction, ...), as in `inspect`.
  ...INGEST_FLAGS,
};

export interface FitSetup {
  problem: FitProblem;
  data: PreparedData;
  lawOptions: LawOptions;
  bootstrap: number;
  map: Record<string, string>;
  derive: [string, string][];
  where?: string;
  /** Fixed values taken from other fits: name → 'file.json:PARAM'. */
  fixedFrom: Record<string, string>;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join('|')}, got '${value}'`);
}

export function objectiveFromFlags(flags: ParsedArgs['flags'], defaults: ObjectiveSpec = CHINCHILLA_OBJECTIVE): ObjectiveSpec {
  return {
    kind: oneOf(flags.objective, ['huber', 'l2', 'l1'] as const, 'objective', defaults.kind),
    delta: (flags.delta as number | undefined) ?? defaults.delta,
    space: oneOf(flags.space, ['log', 'linear'] as const, 'space', defaults.space),
    reduction: oneOf(flags.reduction, ['sum', 'mean'] as const, 'reduction', defaults.reduction),
  };
}

export function startsFromFlag(value: unknown): StartsSpec {
  if (value === undefined || value === 'default') return { kind: 'default' };
  if (value === 'chinchilla') return { kind: 'grid', name: 'chinchilla' };
  // issue #8: Gadre et al.'s 128 starts for --law overtraining.
  if (value === 'gadre') return { kind: 'grid', name: 'gadre' };
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return { kind: 'random', count: n };
  throw new UsageError(`--starts must be default, chinchilla, gadre or a positive count, got '${value}'`);
}

export function buildFitSetup(table: RunTable, flags: ParsedArgs['flags']): FitSetup {
  const lawId = (flags.law as string | undefined) ?? 'chinchilla';
  const map: Record<string, string> = {};
  for (const m of (flags.map as string[] | undefined) ?? []) {
    const eq = m.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map expects ROLE=COLUMN, got '${m}'`);
    map[m.slice(0, eq).trim()] = m.slice(eq + 1).trim();
  }
  const derive = parseTextAssignments(flags.derive as string[] | undefined, '--derive');
  const lawOptions: LawOptions = { x: flags.x as string | undefined, formula: flags.formula as string | undefined };
  if (lawId === 'custom') lawOptions.extraInputs = derive.map(([n]) => n);
  let law;
  try {
    law = createLaw(lawId, lawOptions);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const where = flags.where as string | undefined;
  let data: PreparedData;
  try {
    // issue #8: laws over a source loss (input 'x': loss-to-loss, downstream) read --map x=COL, --map y=COL
    // and optional cross-data-set pairing (--pair-by) in src/cli/transfer.ts.
    data = readsSourceLoss(law.inputs)
      ? shapeTransferData(table, law.inputs, { map, derive, where, pairBy: flags['pair-by'] as string | undefined })
      : shapeData(table, law.inputs, { map, derive, where });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fixSpec = resolveFixFromFits(flags.fix as string[] | undefined);
  const fixed = parseAssignments(fixSpec.items, '--fix');
  for (const name of Object.keys(fixed)) {
    if (!law.params.some((p) => p.name === name)) throw new UsageError(`--fix ${name}: law '${law.id}' has parameters ${law.params.map((p) => p.name).join(', ')}`);
  }
  const bootstrap = (flags.bootstrap as number | undefined) ?? 0;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new UsageError(`--bootstrap must be a non-negative integer`);
  const seed = (flags.seed as number | undefined) ?? 0;
  const problem: FitProblem = {
    lawId,
    lawOptions,
    x: data.x,
    y: data.y,
    // The law's authors' objective, with any --objective/--delta/--space/--reduction replacing a field.
    objective: objectiveFromFlags(flags, resolveObjective(law)),
    fixed,
    ...(Object.keys(fixSpec.draws).length ? { fixedDraws: fixSpec.draws } : {}),
    starts: startsFromFlag(flags.starts),
    seed,
    tolerances: { ...DEFAULT_TOLERANCES },
  };
  return { problem, data, lawOptions, bootstrap, map, derive, where, fixedFrom: fixSpec.sources };
}
