// Column-role inference from names. The user can always override with a mapping.
// Names are compared after normalisation (lower case, spaces and '-' as '_'), so 'Model Size' and
// 'model-size' match 'model_size'. When several columns could take a role, the best-ranked name wins
// (validation loss before train loss) and the reason says which others were passed over.
import { chooseLossColumn, describeLossName, lossCandidates, lossPurposeOf, type LossPurpose } from './lossColumn';
import type { Column, NumericColumn, Role, RoleInference, RunTable } from './runTable';
import { headerUnit } from './units';

interface Rule {
  role: Role;
  rank: number;
  re: RegExp;
  what: string;
}

const RULES: Rule[] = [
  { role: 'N', rank: 0, re: /^(n|params|n_params|num_params|nparams|model_size|parameters|n_parameters|num_parameters|parameter_count|param_count|non_embedding_params|n_params_no_embed|model_params)$/, what: 'parameter count' },
  { role: 'N', rank: 1, re: /^(n_params_.*|num_params_.*|params_.*)$/, what: 'parameter count' },
  { role: 'D', rank: 0, re: /^(d|tokens|tokens_seen|num_tokens|n_tokens|train_tokens|training_tokens|token_num|num_token|d_tokens|total_tokens|dataset_size|data_size|train\/tokens|tokens_processed)$/, what: 'token count' },
  { role: 'C', rank: 0, re: /^(c|flops|compute|training_flop|training_flops|train_flops|flop|total_flops|flops_6nd|compute_flops)$/, what: 'compute (FLOPs)' },
  { role: 'loss', rank: 0, re: /^(val_loss|eval\/loss|eval_loss|validation_loss|val\/loss|valid_loss|valid\/loss|validation\/loss|test_loss|test\/loss)$/, what: 'validation loss' },
  { role: 'loss', rank: 1, re: /^(loss|final_loss|openlm_loss)$/, what: 'loss' },
  { role: 'loss', rank: 2, re: /^(train\/loss|train_loss|training_loss|train\/loss_step|train_loss_step|train_loss_epoch)$/, what: 'training loss' },
  { role: 'loss', rank: 3, re: /^(loss_.*|.*_loss|.*\/loss)$/, what: 'a loss' },
  { role: 'step', rank: 0, re: /^(step|global_step|_step|iter|iteration|steps|trainer\/global_step|train\/step)$/, what: 'training step' },
  { role: 'lr', rank: 0, re: /^(lr|learning_rate|train\/lr|train\/learning_rate|lr_.*|lr-.*|optimizer\/lr|peak_lr|max_lr)$/, what: 'learning rate' },
  { role: 'run', rank: 0, re: /^(run|name|run_name|run_id|experiment|exp_name|model_name)$/, what: 'run identifier' },
  { role: 'run', rank: 1, re: /^(model|id)$/, what: 'run identifier' },
];

const UNITS: Partial<Record<Role, string>> = { N: 'params', D: 'tokens', C: 'FLOP' };

const PPL = /^(ppl|perplexity|val_ppl|eval_ppl|val\/ppl|eval\/ppl|valid_ppl|val_perplexity|eval_perplexity|test_ppl)$/;

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export interface InferOptions {
  /** When no loss column exists but a perplexity one does, add loss = ln(ppl). */
  pplToLoss?: boolean;
  /** The loss column the user picked (--loss); it wins over the rule. */
  loss?: string;
  /** What the loss is for: a per-step curve or final-loss fits (default: from the table's shape, see lossPurposeOf). */
  lossPurpose?: LossPurpose;
}

/** Set `role` on columns whose names match a known role; report what was inferred and why. */
export function inferRoles(table: RunTable, options: InferOptions = {}): RunTable {
  const taken = new Set<Role>(table.columns.filter((c) => c.role).map((c) => c.role as Role));
  const inferred: RoleInference[] = [...table.inferred];
  const warnings = [...table.warnings];
  let columns: Column[] = [...table.columns];

  if (options.pplToLoss && !taken.has('loss')) {
    const ppl = columns.find((c): c is NumericColumn => c.kind === 'number' && PPL.test(normaliseName(c.name)));
    if (ppl && !columns.some((c) => c.name === 'loss')) {
      const v = new Float64Array(ppl.values.length);
      let bad = 0;
      for (let i = 0; i < v.length; i++) {
        const p = ppl.values[i];
        v[i] = p > 0 ? Math.log(p) : NaN;
        if (!(p > 0) && !Number.isNaN(p)) bad++;
      }
      if (bad > 0) warnings.push(`column '${ppl.name}': ${bad} non-positive perplexities have no log; treated as missing`);
      columns.push({ kind: 'number', name: 'loss', values: v, role: 'loss', unit: 'nats' });
      taken.add('loss');
      inferred.push({ column: 'loss', role: 'loss', reason: `loss = ln(${ppl.name}) (perplexity → cross-entropy in nats, asked for with pplToLoss)` });
    }
  }

  const best = new Map<Role, { idx: number; rank: number; rule: Rule; others: string[]; via?: string }>();
  columns.forEach((c, idx) => {
    if (c.role) return;
    // 'Model Size (B)' and 'params_M' are read by the name without their unit (src/core/table/units.ts).
    const n = normaliseName(headerUnit(c.name)?.base ?? c.name);
    // 'model.n_params' (a flattened config) or 'charts/tokens' also count, ranked after exact names.
    const tail = n.split(/[./]/).pop()!;
    const tries: [string, number][] = tail !== n && tail.length > 1 ? [[n, 0], [tail, 10]] : [[n, 0]];
    outer: for (const [name, penalty] of tries) {
      for (const rule of RULES) {
        if (taken.has(rule.role) || !rule.re.test(name)) continue;
        if (rule.role !== 'run' && c.kind !== 'number') continue;
        if (penalty > 0 && rule.role === 'run') continue;
        const rank = rule.rank + penalty;
        const cur = best.get(rule.role);
        const entry = { idx, rank, rule, others: [] as string[], via: penalty > 0 ? tail : undefined };
        if (!cur) best.set(rule.role, entry);
        else if (rank < cur.rank) best.set(rule.role, { ...entry, others: [...cur.others, columns[cur.idx].name] });
        else cur.others.push(c.name);
        break outer;
      }
    }
  });
  // The loss column follows one documented rule (lossColumn.ts), or the user's --loss.
  let lossPick = taken.has('loss') ? undefined : pickLoss({ ...table, columns }, options);
  if (lossPick) best.delete('loss');
  if (lossPick && lossPick.column === undefined) {
    warnings.push(lossPick.reason);
    lossPick = undefined;
  }
  // one role per column: a column can only be claimed once (first role in RULES order wins)
  const claimed = new Set<number>();
  if (lossPick) {
    const idx = columns.findIndex((c) => c.name === lossPick.column);
    claimed.add(idx);
    columns[idx] = { ...columns[idx], role: 'loss' } as Column;
  }
  for (const [role, b] of best) {
    if (claimed.has(b.idx)) continue;
    claimed.add(b.idx);
    const c = columns[b.idx];
    columns[b.idx] = { ...c, role, unit: c.unit ?? UNITS[role] } as Column;
    const passed = b.others.length ? ` (preferred over ${b.others.map((o) => `'${o}'`).join(', ')})` : '';
    const why = b.via ? `name '${c.name}' ends in '${b.via}', which means ${b.rule.what}` : `name '${c.name}' means ${b.rule.what}`;
    inferred.push({ column: c.name, role, reason: `${why}${passed}` });
  }
  if (lossPick) inferred.push({ column: lossPick.column!, role: 'loss', reason: lossPick.reason });

  if (!options.pplToLoss && !columns.some((c) => c.role === 'loss')) {
    const ppl = columns.find((c) => c.kind === 'number' && PPL.test(normaliseName(c.name)));
    if (ppl) warnings.push(`column '${ppl.name}' looks like perplexity and there is no loss column; ask for loss = ln(${ppl.name}) with --ppl-to-loss`);
  }
  // Counts that look like log10 values (e.g. num_token = 9.0 for 1e9 tokens).
  for (const c of columns) {
    if (c.kind !== 'number' || (c.role !== 'N' && c.role !== 'D' && c.role !== 'C')) continue;
    let max = -Infinity;
    let min = Infinity;
    for (const v of c.values)
      if (!Number.isNaN(v)) {
        if (v > max) max = v;
        if (v < min) min = v;
      }
    if (max > 0 && max < 40 && min > 0)
      warnings.push(`column '${c.name}' (${c.role}) ranges ${+min.toPrecision(4)}–${+max.toPrecision(4)}: these look like log10 values; if so, pass --log10 ${c.name}`);
  }
  return { ...table, columns, inferred, warnings };
}

/** The loss column by --loss or by the rule, with the reason shown to the user. */
function pickLoss(table: RunTable, options: InferOptions): { column?: string; reason: string } | undefined {
  if (options.loss !== undefined) {
    const c = table.columns.find((x) => x.name === options.loss);
    const cands = lossCandidates(table).map((x) => `'${x.column}'`);
    if (!c) throw new Error(`--loss ${options.loss}: no column named '${options.loss}' (loss-like columns: ${cands.join(', ') || 'none'})`);
    if (c.kind !== 'number') throw new Error(`--loss ${options.loss}: column '${options.loss}' is text, not numbers`);
    return { column: c.name, reason: `chosen with --loss` };
  }
  const choice = chooseLossColumn(table, options.lossPurpose ?? lossPurposeOf(table));
  if (!choice) {
    // Loss columns with no finite value (a diverged run logs 'nan'): say so rather than fit nothing.
    const empty = table.columns.filter((c) => c.kind === 'number' && describeLossName(c.name));
    if (empty.length) return { reason: `no loss column: ${empty.map((c) => `'${c.name}'`).join(', ')} ha${empty.length === 1 ? 's' : 've'} no finite values (a diverged run?)` };
    return undefined;
  }
  const others = choice.alternatives.slice(0, 4).map((a) => `'${a.column}' (${a.why})`);
  return { column: choice.column, reason: `${choice.reason}${others.length ? `; passed over ${others.join(', ')}${choice.alternatives.length > 4 ? ', …' : ''}` : ''}; pick another with --loss COLUMN` };
}
