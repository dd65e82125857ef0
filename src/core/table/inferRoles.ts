// Column-role inference from names. The user can always override with a mapping.
import type { Column, Role, RoleInference, RunTable } from './runTable';

const PATTERNS: [Role, RegExp, string][] = [
  ['N', /^(n|params|n_params|num_params|nparams|model_size|model size|parameters|non_embedding_params|n_parameters)$/i, 'parameter count'],
  ['D', /^(d|tokens|tokens_seen|num_tokens|n_tokens|train_tokens|dataset_size|data_size)$/i, 'token count'],
  ['C', /^(c|flops|compute|training flop|training_flops|train_flops|flop)$/i, 'compute (FLOPs)'],
  ['loss', /^(loss|val_loss|eval\/loss|eval_loss|train\/loss|train_loss|validation_loss|val\/loss|test_loss|final_loss)$/i, 'loss'],
  ['step', /^(step|global_step|_step|iter|iteration|steps)$/i, 'training step'],
  ['lr', /^(lr|learning_rate|learning rate|train\/lr|train\/learning_rate)$/i, 'learning rate'],
  ['run', /^(run|name|run_name|run_id|model|experiment)$/i, 'run identifier'],
];

/** Set `role` on columns whose names match a known role, first match per role wins. */
export function inferRoles(table: RunTable): RunTable {
  const taken = new Set<Role>(table.columns.filter((c) => c.role).map((c) => c.role as Role));
  const inferred: RoleInference[] = [...table.inferred];
  const columns: Column[] = table.columns.map((c) => {
    if (c.role) return c;
    for (const [role, re, what] of PATTERNS) {
      if (taken.has(role) || !re.test(c.name.trim())) continue;
      if (role !== 'run' && c.kind !== 'number') continue;
      taken.add(role);
      inferred.push({ column: c.name, role, reason: `name '${c.name}' means ${what}` });
      return { ...c, role };
    }
    return c;
  });
  return { ...table, columns, inferred };
}
