// Approach 2's own bias, diagnosed: a parabola in ln N is not the shape of the loss along an IsoFLOP
// curve, so its vertex lands off the true optimum by an amount set by where the sizes were sampled
// (off-centre or asymmetric grids; cf. Open-Athena/scaling-law-analysis). Taking a law as the truth
// (approach 3 fitted to the same runs), we run the parabola method on that law's noiseless losses at
// exactly the sampled sizes: the vertex shifts, the exponent drift and the D_opt error at a target
// budget are then what the sampling alone does to approach 2, noise aside.
import { budgetMinimum, fitPowerLaw, groupBudgets, type IsoFlopOptions, type IsoFlopRun } from './approaches';
import { chinchillaLoss, optimalForCompute, type ChinchillaParams } from './computeOptimal';

export interface IsoFlopBias {
  /** The law taken as the truth. */
  reference: string;
  perBudget: { C: number; trueNopt: number; parabolaNopt: number; /** ln(parabola / true) */ logBias: number; /** ln(geometric centre of the sampled N / true N_opt) */ offCentre: number }[];
  /** Exponent a of N_opt ∝ C^a: parabola method on noiseless losses minus the law's own β/(α+β). */
  exponentDrift: number;
  target: { C: number; trueDopt: number; parabolaDopt: number; relativeBias: number };
  /** Set when the bias matters at the target (|relative D_opt bias| ≥ threshold). */
  warning?: string;
}

/** Bias of approach 2 on this sampling, with `law` as the truth; `targetC` the budget asked about. */
export function isoflopBias(runs: IsoFlopRun[], law: ChinchillaParams, targetC: number, opts: IsoFlopOptions & { reference?: string; threshold?: number } = {}): IsoFlopBias | undefined {
  const k = opts.flopsPerParamToken ?? 6;
  const perBudget: IsoFlopBias['perBudget'] = [];
  for (const b of groupBudgets(runs, opts)) {
    // Noiseless losses of the law at the sampled sizes (D = C / (k N) on the budget's IsoFLOP curve).
    const y = Float64Array.from(b.x, (lnN) => chinchillaLoss(law, Math.exp(lnN), b.C / (k * Math.exp(lnN))));
    const m = budgetMinimum({ C: b.C, x: b.x, y }, k);
    if ('kind' in m) continue;
    const truth = optimalForCompute(law, b.C, k).N;
    const centre = Math.exp(b.x.reduce((s, v) => s + v, 0) / b.x.length);
    perBudget.push({ C: b.C, trueNopt: truth, parabolaNopt: m.Nopt, logBias: Math.log(m.Nopt / truth), offCentre: Math.log(centre / truth) });
  }
  if (perBudget.length < 2) return undefined;
  const Cs = perBudget.map((p) => p.C);
  const N = fitPowerLaw(Cs, perBudget.map((p) => p.parabolaNopt));
  const D = fitPowerLaw(Cs, perBudget.map((p) => p.C / (k * p.parabolaNopt)));
  const trueA = law.beta / (law.alpha + law.beta);
  const trueDopt = optimalForCompute(law, targetC, k).D;
  const parabolaDopt = D.coefficient * targetC ** D.exponent;
  const relativeBias = parabolaDopt / trueDopt - 1;
  const threshold = opts.threshold ?? 0.05;
  const out: IsoFlopBias = {
    reference: opts.reference ?? 'the Chinchilla law fitted to the same runs',
    perBudget, exponentDrift: N.exponent - trueA,
    target: { C: targetC, trueDopt, parabolaDopt, relativeBias },
  };
  if (Math.abs(relativeBias) >= threshold) {
    out.warning = `approach 2's sampling bias matters here: on noiseless losses of ${out.reference}, the parabola method puts D_opt at C = ${targetC.toExponential(2)} ${(100 * relativeBias).toFixed(1)} % ${relativeBias > 0 ? 'above' : 'below'} the law's own optimum (exponent a off by ${out.exponentDrift >= 0 ? '+' : ''}${out.exponentDrift.toFixed(3)}); centre the sampled sizes on each budget's optimum, or use approach 3 (scaling-laws fit)`;
  }
  return out;
}
