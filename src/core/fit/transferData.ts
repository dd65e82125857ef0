// The data of the transfer laws (issue #8): how a fit reads a source loss and a target loss.
//
// Laws whose input is a source loss ('loss-to-loss', 'downstream', 'downstream-sigmoid') read it
// as input 'x': `--map x=COLUMN`; the target is `--map y=COLUMN` (the 'loss' role; default: the
// inferred loss column). Both come from the same row (train-to-test, test-to-test, loss → error)
// unless a side selects a group of rows with `COLUMN[GROUP=VALUE]`, e.g.
//   fit sweep.csv --law loss-to-loss --map 'x=val_loss[data=fineweb-100b]' \
//       --map 'y=val_loss[data=smollm-corpus]' --pair-by tokens --fix E_x=2.30,E_y=1.53
// Then rows of the two groups are paired (train-to-train) by equal tokens (`--pair-by tokens`,
// the D role or a 'tokens' column), equal compute (`--pair-by C`, the C role or a 'flops'
// column) or any other numeric column named by `--pair-by COLUMN`: an inner join, every match kept.
import { InputError as UsageError } from '../errors';
import { compileRowExpression, identifierFor } from '../expr/restrictedMath';
import { findColumn, type Column, type RunTable } from '../table/runTable';
import type { RowExclusion } from '../report/fitReport';
import { pairByKey } from '../transfer/pairing';
import { resolveMapping, shapeData, type PreparedData } from './prepareData';

export const SOURCE_LOSS_INPUT = 'x';

/** True for laws that read a source loss as input 'x' (routed through shapeTransferData). */
export function readsSourceLoss(inputs: string[]): boolean {
  return inputs.length === 1 && inputs[0] === SOURCE_LOSS_INPUT;
}

interface SideSpec {
  column: string;
  group?: { column: string; value: string };
  text: string;
}

function parseSide(text: string): SideSpec {
  const m = /^(.+?)\[([^=\]]+)=([^\]]*)\]$/.exec(text.trim());
  if (!m) return { column: text.trim(), text };
  return { column: m[1].trim(), group: { column: m[2].trim(), value: m[3].trim() }, text };
}

function numericColumn(table: RunTable, name: string, what: string): Float64Array {
  const c = findColumn(table, name);
  if (!c) throw new UsageError(`${what}: no column named '${name}' (columns: ${table.columns.map((k) => k.name).join(', ')})`);
  if (c.kind !== 'number') throw new UsageError(`${what}: column '${name}' is not numeric`);
  return c.values;
}

function groupMask(table: RunTable, g: { column: string; value: string }, what: string): Uint8Array {
  const c: Column | undefined = findColumn(table, g.column);
  if (!c) throw new UsageError(`${what}: no column named '${g.column}' to select [${g.column}=${g.value}]`);
  const mask = new Uint8Array(table.rowCount);
  const want = Number(g.value);
  let any = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const v = c.values[i];
    mask[i] = (c.kind === 'number' ? v === want : String(v) === g.value) ? 1 : 0;
    any += mask[i];
  }
  if (!any) throw new UsageError(`${what}: no row has ${g.column} = ${g.value}`);
  return mask;
}

function pairKeyColumn(table: RunTable, pairBy: string, roles: Record<string, string>): string {
  const candidates = pairBy === 'tokens' ? [roles.D, 'tokens', 'D'] : pairBy === 'C' ? [roles.C, 'flops', 'C', 'compute'] : [pairBy];
  for (const name of candidates) if (name && findColumn(table, name)) return name;
  throw new UsageError(`--pair-by ${pairBy}: no ${pairBy === 'tokens' ? 'D-role or tokens' : pairBy === 'C' ? 'C-role or flops' : `'${pairBy}'`} column (columns: ${table.columns.map((k) => k.name).join(', ')})`);
}

/**
 * The data of a source-loss law: x (source loss) and y (target), from one row each or paired
 * across two groups of rows. `map` is the raw --map (with x and y); `where` filters rows first.
 */
export function shapeTransferData(
  table: RunTable,
  inputs: string[],
  options: { map: Record<string, string>; derive: [string, string][]; where?: string; pairBy?: string; exclude?: RowExclusion },
): PreparedData {
  const { x: xText, y: yText, ...roleMap } = options.map;
  const derivesX = options.derive.some(([n]) => n === SOURCE_LOSS_INPUT);
  if (!xText && !derivesX) throw new UsageError(`this law reads a source loss: give --map x=COLUMN (or x=COLUMN[GROUP=VALUE] with --pair-by)`);
  const xs = xText ? parseSide(xText) : undefined;
  const ys = yText ? parseSide(yText) : undefined;
  let roles: Record<string, string>;
  try {
    roles = resolveMapping(table, roleMap);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const paired = !!(xs?.group || ys?.group);
  if (!paired) {
    if (options.pairBy) throw new UsageError(`--pair-by needs two groups of rows: write --map x=COLUMN[GROUP=VALUE] --map y=COLUMN[GROUP=OTHER]`);
    const map = { ...roleMap, ...(ys ? { loss: ys.column } : {}) };
    const derive: [string, string][] = xs ? [[SOURCE_LOSS_INPUT, identifierFor(xs.column)], ...options.derive] : options.derive;
    if (xs) numericColumn(table, xs.column, '--map x');
    try {
      const data = shapeData(table, inputs, { map, derive, where: options.where, exclude: options.exclude });
      if (xs) data.mapping[SOURCE_LOSS_INPUT] = xs.column;
      return data;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (!xs || !ys) throw new UsageError('pairing across data sets needs both --map x=COLUMN[GROUP=VALUE] and --map y=COLUMN[GROUP=VALUE]');
  if (options.derive.length) throw new UsageError('--derive is not supported when pairing rows across data sets; add the column to the file');
  if (options.exclude) throw new UsageError('--exclude-rows/--exclude-runs are not supported when pairing rows across data sets; use --where');
  const pairBy = options.pairBy ?? 'tokens';
  const keyName = pairKeyColumn(table, pairBy, roles);
  const key = numericColumn(table, keyName, '--pair-by');
  const xv = numericColumn(table, xs.column, '--map x'), yv = numericColumn(table, ys.column, '--map y');
  const keep = new Uint8Array(table.rowCount).fill(1);
  const warnings: string[] = [];
  if (options.where) {
    // A Map: a column named __proto__ or constructor is a column, not an object member.
    const scope = new Map<string, ArrayLike<number> | string[]>();
    for (const c of table.columns) scope.set(identifierFor(c.name), c.values);
    for (const [role, name] of Object.entries(roles)) { const c = findColumn(table, name); if (c) scope.set(role, c.values); }
    let ev;
    try {
      ev = compileRowExpression(options.where, scope, '--where filter');
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    let dropped = 0;
    for (let i = 0; i < table.rowCount; i++) if (!ev(i)) { keep[i] = 0; dropped++; }
    if (dropped) warnings.push(`--where '${options.where}' dropped ${dropped} of ${table.rowCount} rows`);
  }
  const gx = groupMask(table, xs.group ?? { column: '', value: '' }, '--map x');
  const gy = groupMask(table, ys.group ?? { column: '', value: '' }, '--map y');
  const ok = (v: Float64Array, i: number) => keep[i] && Number.isFinite(v[i]) && v[i] > 0 && Number.isFinite(key[i]);
  const left: number[] = [], right: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (gx[i] && ok(xv, i)) left.push(i);
    if (gy[i] && ok(yv, i)) right.push(i);
  }
  const p = pairByKey(left.map((i) => key[i]), right.map((j) => key[j]));
  if (p.left.length === 0) throw new UsageError(`no pairs: no ${keyName} value of ${xs.text} matches one of ${ys.text}`);
  if (p.unmatchedLeft || p.unmatchedRight) warnings.push(`pairing by ${keyName}: ${p.unmatchedLeft} source and ${p.unmatchedRight} target rows had no partner and were left out`);
  const runCol = roles.run ? findColumn(table, roles.run) : undefined;
  return {
    x: { [SOURCE_LOSS_INPUT]: Float64Array.from(p.left, (a) => xv[left[a]]) },
    y: Float64Array.from(p.right, (b) => yv[right[b]]),
    runs: runCol ? Array.from(p.left, (a, k) => `${runCol.values[left[a]]} ~ ${runCol.values[right[p.right[k]]]}`) : undefined,
    mapping: { [SOURCE_LOSS_INPUT]: xs.text, loss: ys.text, 'pair-by': keyName },
    warnings,
  };
}
