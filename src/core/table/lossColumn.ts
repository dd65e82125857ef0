// Which column is "the loss": one rule for every command and panel (docs/CONVENTIONS.md, "Loss column").
//
// Candidates are numeric columns whose name says loss (loss, nll, cross-entropy; llm.c's trl/tel), not
// loss scales, learning rates or timings. They are ranked by, in order:
//   1. a per-run value, not a summary (final_*, best_*, min_*, summary.*, results.*); summaries are never
//      used for a curve;
//   2. coverage: present in every run, then in most (more than half), then in a few;
//   3. a total over its components (total_loss or loss over loss_cls, loss_box_reg, aux_loss);
//   4. purpose: for a curve the training loss (train_*, or plain 'loss') before eval/validation/test;
//      for final-loss fits the validation loss before test before plain before training;
//   5. more points (finite values);
//   6. then the shorter name, then alphabetical order — never the order of the columns.
import { normaliseName } from './inferRoles';
import type { Column, NumericColumn, RunTable } from './runTable';

export type LossPurpose = 'curve' | 'final';

export type LossSplit = 'train' | 'plain' | 'val' | 'test';

export interface LossCandidate {
  column: string;
  split: LossSplit;
  /** False for a component (loss_cls, kl_loss) of some total. */
  total: boolean;
  /** A run-level summary (final_val_loss, summary.loss). */
  summary: boolean;
  /** Runs with at least one finite value, of `runs`. */
  runsWith: number;
  runs: number;
  /** Finite values in the column. */
  points: number;
}

export interface LossChoice {
  column: string;
  purpose: LossPurpose;
  /** One sentence: what was chosen and why. */
  reason: string;
  /** The other candidates, best first, each with why it lost. */
  alternatives: { column: string; why: string }[];
}

const TRAIN = new Set(['train', 'training', 'trn', 'trl']);
const VAL = new Set(['val', 'valid', 'validation', 'eval', 'evaluation', 'dev', 'tel', 'heldout']);
const TEST = new Set(['test']);
const SUMMARY = new Set(['final', 'best', 'min', 'minimum', 'last', 'summary', 'results', 'avg_final']);
/** Words that qualify a loss without making it a component. */
const NEUTRAL = new Set(['loss', 'losses', 'total', 'overall', 'step', 'epoch', 'avg', 'mean', 'smooth', 'smoothed', 'running', 'lm', 'ce', 'nll', 'cross', 'entropy', 'crossentropy', 'value', 'local', 'global', 'batch', 'objective', 'openlm']);
const NOT_LOSS = /(^|_)(scale|scaler|lr|learning_rate|grad|norm|time|runtime|per_second|samples|tokens|count|weight|coef|coeff|ratio|std|var)(_|$)/;

function tokens(name: string): string[] {
  return normaliseName(name).split(/[/._:\s-]+/).filter(Boolean);
}

/** How a column name reads as a loss, or undefined when it is not one. */
export function describeLossName(name: string): Pick<LossCandidate, 'split' | 'total' | 'summary'> | undefined {
  const t = tokens(name);
  const n = t.join('_');
  const isLoss = t.includes('loss') || t.includes('losses') || t.includes('nll') || n.includes('cross_entropy') || t.includes('crossentropy') || t.includes('trl') || t.includes('tel');
  if (!isLoss || NOT_LOSS.test(n)) return undefined;
  const split: LossSplit = t.some((x) => VAL.has(x)) ? 'val' : t.some((x) => TEST.has(x)) ? 'test' : t.some((x) => TRAIN.has(x)) ? 'train' : 'plain';
  const summary = t.some((x) => SUMMARY.has(x));
  const qualifiers = t.filter((x) => !NEUTRAL.has(x) && !TRAIN.has(x) && !VAL.has(x) && !TEST.has(x) && !SUMMARY.has(x) && !/^\d+$/.test(x));
  return { split, total: qualifiers.length === 0 || t.includes('total'), summary };
}

function runIndex(table: RunTable, runColumn?: string): { ids: Int32Array; runs: number } {
  const n = table.rowCount;
  const col: Column | undefined = runColumn
    ? table.columns.find((c) => c.name === runColumn)
    : (table.columns.find((c) => c.role === 'run') ?? table.columns.find((c) => c.name === 'run'));
  const ids = new Int32Array(n);
  if (!col) return { ids, runs: 1 };
  const seen = new Map<string | number, number>();
  const v = col.values as ArrayLike<string | number>;
  let lastKey: string | number | undefined;
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    const k = v[i];
    if (k !== lastKey) {
      // runs are usually contiguous: look up only where the run changes
      const key = typeof k === 'number' && Number.isNaN(k) ? 'NaN' : k;
      let id = seen.get(key);
      if (id === undefined) seen.set(key, (id = seen.size));
      lastKey = k;
      lastId = id;
    }
    ids[i] = lastId;
  }
  return { ids, runs: Math.max(1, seen.size) };
}

/** Every loss-like numeric column with its coverage. */
export function lossCandidates(table: RunTable, runColumn?: string): LossCandidate[] {
  const { ids, runs } = runIndex(table, runColumn);
  const out: LossCandidate[] = [];
  for (const c of table.columns) {
    if (c.kind !== 'number' || c.role === 'run' || c.role === 'step' || c.role === 'lr') continue;
    const d = describeLossName(c.name);
    if (!d) continue;
    const has = new Uint8Array(runs);
    let points = 0;
    const v = (c as NumericColumn).values;
    for (let i = 0; i < v.length; i++)
      if (Number.isFinite(v[i])) {
        points++;
        has[ids[i]] = 1;
      }
    let runsWith = 0;
    for (const h of has) runsWith += h;
    if (points > 0) out.push({ column: c.name, ...d, runsWith, runs, points });
  }
  return out;
}

const coverageClass = (c: LossCandidate) => (c.runsWith === c.runs ? 0 : c.runsWith * 2 > c.runs ? 1 : 2);
const splitRank: Record<LossPurpose, Record<LossSplit, number>> = {
  curve: { train: 0, plain: 0, val: 1, test: 2 },
  final: { val: 0, test: 1, plain: 2, train: 3 },
};

function compare(purpose: LossPurpose, a: LossCandidate, b: LossCandidate): number {
  return (
    Number(a.summary) - Number(b.summary) ||
    coverageClass(a) - coverageClass(b) ||
    Number(b.total) - Number(a.total) ||
    splitRank[purpose][a.split] - splitRank[purpose][b.split] ||
    b.points - a.points ||
    a.column.length - b.column.length ||
    (a.column < b.column ? -1 : a.column > b.column ? 1 : 0)
  );
}

const SPLIT_TEXT: Record<LossSplit, string> = { train: 'training loss', plain: 'loss', val: 'validation loss', test: 'test loss' };

function coverageText(c: LossCandidate): string {
  return c.runs > 1 ? `in ${c.runsWith} of ${c.runs} runs, ${c.points} points` : `${c.points} point${c.points === 1 ? '' : 's'}`;
}

/** Why `loser` ranks below `winner` (the first rule that separates them). */
function whyNot(purpose: LossPurpose, winner: LossCandidate, loser: LossCandidate): string {
  if (loser.summary && !winner.summary) return purpose === 'curve' ? 'a run summary, not a curve' : 'a run summary';
  if (coverageClass(loser) !== coverageClass(winner)) return `present in only ${loser.runsWith} of ${loser.runs} runs`;
  if (loser.total !== winner.total) return `a component; '${winner.column}' is the total`;
  if (splitRank[purpose][loser.split] !== splitRank[purpose][winner.split])
    return purpose === 'curve' ? `a ${SPLIT_TEXT[loser.split]}; a curve uses the training loss` : `a ${SPLIT_TEXT[loser.split]}; final-loss fits use the validation loss`;
  if (loser.points !== winner.points) return `fewer points (${loser.points} vs ${winner.points})`;
  return `tie broken by the shorter, then alphabetically first name`;
}

/**
 * The loss column for a purpose, with the reason and the passed-over alternatives; undefined when the
 * table has no loss-like column. For a curve, summary columns are never chosen.
 */
export function chooseLossColumn(table: RunTable, purpose: LossPurpose, options: { runColumn?: string } = {}): LossChoice | undefined {
  let cands = lossCandidates(table, options.runColumn);
  if (purpose === 'curve' && cands.some((c) => !c.summary)) cands = cands.filter((c) => !c.summary);
  if (cands.length === 0) return undefined;
  cands.sort((a, b) => compare(purpose, a, b));
  const best = cands[0];
  const rule = purpose === 'curve' ? 'for a curve: the training loss with the most points' : 'for final-loss fits: the validation loss every run has';
  const parts = [
    coverageClass(best) === 0 ? (best.runs > 1 ? `in all ${best.runs} runs` : '') : `in ${best.runsWith} of ${best.runs} runs (no loss is in every run)`,
    `${best.points} points`,
    best.total ? '' : 'a component (no total loss found)',
  ].filter(Boolean);
  const reason = `'${best.column}' is the ${best.summary ? 'summary ' : ''}${SPLIT_TEXT[best.split]} (${parts.join(', ')}); rule ${rule}`;
  return {
    column: best.column,
    purpose,
    reason,
    alternatives: cands.slice(1).map((c) => ({ column: c.column, why: whyNot(purpose, best, c) })),
  };
}

/** Curve or final, from the table's shape: several rows per run with a step (or epoch) column is a curve. */
export function lossPurposeOf(table: RunTable): LossPurpose {
  const step = table.columns.find((c) => c.role === 'step') ?? table.columns.find((c) => /^(step|global_step|_step|iter|iteration|epoch|steps)$/i.test(c.name));
  if (!step) return 'final';
  // a curve as soon as one run has a second row
  const col = table.columns.find((c) => c.role === 'run') ?? table.columns.find((c) => c.name === 'run');
  if (!col) return table.rowCount > 1 ? 'curve' : 'final';
  const seen = new Set<string | number>();
  const v = col.values as ArrayLike<string | number>;
  for (let i = 0; i < v.length; i++) {
    if (seen.has(v[i])) return 'curve';
    seen.add(v[i]);
  }
  return 'final';
}
