// "Say what was assumed": one deduplicated list for every output (CLI, report, panels, hovers).
// Each fact has a key (derived:D, flops, filter, excluded, non-finite, column:NAME,
// extrapolation:N, ...); the first statement of a key wins, and a plain string is its own key, so
// the same fact reported by ingestion, data shaping and the fit appears once.
import type { FitReport } from './fitReport';

export interface Assumption {
  key: string;
  text: string;
  /** 'warning': the answer may be wrong because of it (e.g. far extrapolation); default: a note. */
  level?: 'note' | 'warning';
}

export function assumption(key: string, text: string, level?: 'note' | 'warning'): Assumption {
  return level ? { key, text, level } : { key, text };
}

/** Merge lists of assumptions and warning strings, first occurrence of each key (or text) wins, order kept. */
export function assembleAssumptions(...lists: (readonly (Assumption | string)[] | undefined)[]): string[] {
  const keys = new Set<string>();
  const texts = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const item of list ?? []) {
      const { key, text } = typeof item === 'string' ? { key: item, text: item } : item;
      const seen = keys.has(key) || texts.has(text);
      // A duplicate still claims its key: a warning string and the keyed fact it repeats are one item.
      keys.add(key);
      texts.add(text);
      if (!seen) out.push(text);
    }
  }
  return out;
}

/** What a fit assumed, from its report: derived columns, FLOP convention, filter, exclusions, diagnostics. */
export function fitAssumptions(report: FitReport): Assumption[] {
  const out: Assumption[] = [];
  const prov = report.provenance;
  for (const [name, expr] of Object.entries(prov?.derived ?? {})) {
    // The automatic derivation (prepareData) reads "C / (k * N)"; say it as data shaping does.
    const k = name === 'D' ? /^C\s*\/\s*\(\s*([0-9.]+)\s*\*?\s*N\s*\)$/.exec(expr)?.[1] : undefined;
    out.push(assumption(`derived:${name}`, k ? `no token column: D derived as C / (${k} N) (C = ${k}ND convention)` : `${name} derived as ${expr}`));
  }
  const headline = report.diagnostics?.headline;
  if (headline) out.push(assumption('flops', `compute counted as C = ${headline.flopsPerParamToken}·N·D (the compute-optimal allocation uses this convention)`));
  if (prov?.filter) {
    const rows = prov.input?.rows;
    out.push(assumption('filter', `rows kept where ${prov.filter}${rows !== undefined ? ` (${report.n} of ${rows} rows fitted)` : ''}`));
  }
  const ex = prov?.excluded;
  if (ex && ((ex.rows?.length ?? 0) + (ex.runs?.length ?? 0)) > 0) {
    const parts = [...(ex.rows?.length ? [`rows ${ex.rows.join(', ')}`] : []), ...(ex.runs?.length ? [`runs ${ex.runs.join(', ')}`] : [])];
    out.push(assumption('excluded', `left out on request before the fit: ${parts.join('; ')}`));
  }
  return out;
}

/**
 * Prediction inputs beyond the fitted data: any value outside the fitted range is an extrapolation;
 * beyond `farFactor` times the range it is a far one (the law was never checked there).
 */
export function extrapolationAssumptions(report: Pick<FitReport, 'data'>, at: Record<string, number>, farFactor = 10): Assumption[] {
  const out: Assumption[] = [];
  for (const [name, v] of Object.entries(at)) {
    const col = report.data?.inputs?.[name];
    if (!col || col.length === 0 || !Number.isFinite(v)) continue;
    let min = Infinity, max = -Infinity;
    for (const c of col) { if (c < min) min = c; if (c > max) max = c; }
    if (v > max) {
      const f = v / max;
      out.push(f > farFactor
        ? assumption(`extrapolation:${name}`, `${name} = ${v.toExponential(3)} is ${f.toFixed(0)}× the largest fitted ${name} (${max.toExponential(3)}): far extrapolation`, 'warning')
        : assumption(`extrapolation:${name}`, `${name} = ${v.toExponential(3)} is beyond the largest fitted ${name} (${max.toExponential(3)}, ×${f.toPrecision(2)}): extrapolation`));
    } else if (v < min) {
      const f = min / v;
      out.push(f > farFactor
        ? assumption(`extrapolation:${name}`, `${name} = ${v.toExponential(3)} is below the smallest fitted ${name} / ${farFactor}`, 'warning')
        : assumption(`extrapolation:${name}`, `${name} = ${v.toExponential(3)} is below the smallest fitted ${name} (${min.toExponential(3)}): extrapolation`));
    }
  }
  return out;
}
