// Why a run helps, in words: which parameter it pins down most (largest relative drop in that
// parameter's variance) and how far it reaches past the data, e.g.
// "pins beta (variance −41 %): extends D by 0.6 decades; target variance −23 %".
import type { Update } from './greedy';
import type { Candidate, DesignRegion } from './region';

export interface RunWhy {
  /** The free parameter whose variance this run cuts most, and by what share. */
  pins: { param: string; reduction: number };
  /** Decades beyond the data's largest N and D (0 when inside). */
  extends: { N: number; D: number };
  /** Share of the target's variance (before this run) this run removes. */
  targetReduction: number;
  text: string;
}

export function whyRun(c: Candidate, up: Update, cov: Float64Array, names: string[], targetVar: number, r: DesignRegion): RunWhy {
  const f = names.length;
  let best = 0, share = -1;
  for (let a = 0; a < f; a++) {
    const drop = (up.u[a] * up.u[a]) / up.denom / cov[a * f + a];
    if (drop > share) (share = drop), (best = a);
  }
  const dec = (v: number, max: number) => Math.max(0, Math.log10(v / max));
  const ext = { N: dec(c.N, r.data.N[1]), D: dec(c.D, r.data.D[1]) };
  const reach = [ext.N >= 0.05 ? `N by ${ext.N.toFixed(1)} decades` : '', ext.D >= 0.05 ? `D by ${ext.D.toFixed(1)} decades` : ''].filter(Boolean);
  const where = reach.length ? `extends ${reach.join(' and ')}` : `inside the data's N and D, at ${(c.D / c.N).toFixed(0)} tokens/param`;
  const targetReduction = up.gain / targetVar;
  return {
    pins: { param: names[best], reduction: share },
    extends: ext,
    targetReduction,
    text: `pins ${names[best]} (variance −${(100 * share).toFixed(0)} %): ${where}; target variance −${(100 * targetReduction).toFixed(0)} %`,
  };
}
