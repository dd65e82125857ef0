// Shared helpers for the curve tests (not a test file itself).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CurveData } from '../../../../src/core/curves/curveLaws';
import { Rng } from '../../../../src/core/optimize/rng';
import { authorsScheduleFromFileName, scheduleLRs } from '../../../../src/core/schedule/schedule';

/**
 * Direct transcription of the multi-power law (formula in ../shared/LAWS.md), independent of the
 * implementation: S_k(t) accumulated term by term from t downwards, G evaluated with Math.pow.
 * Returns L0 + A*(sum_{tau<=t} eta)^-alpha - B*sum_k (eta_{k-1}-eta_k) G(eta_k^-gamma S_k(t)).
 */
export function naiveMpl(p: number[], eta: Float64Array, t: number): number {
  const [L0, A, alpha, B, C, beta, gamma] = p;
  let S1 = 0;
  for (let tau = 0; tau <= t; tau++) S1 += eta[tau];
  let ld = 0, Sk = 0;
  for (let k = t; k >= 1; k--) {
    Sk += eta[k];
    const drop = eta[k - 1] - eta[k];
    if (drop === 0) continue;
    ld += drop * (1 - Math.pow(C * Math.pow(eta[k], -gamma) * Sk + 1, -beta));
  }
  return L0 + A * Math.pow(S1, -alpha) - B * ld;
}

export const PUBLISHED: Record<string, { params: number[]; test: Record<string, number>; train: Record<string, number> }> = {
  // thu-yao-01-luo/MultiPowerLaw @ 8da9f19: src/config.py PARAMS, logs/<size>.log "Average ..." lines.
  '25': {
    params: [3.04045406, 0.52468604, 0.50786857, 363.78751622, 2.06560812, 0.58279013, 0.64142257],
    test: { r2: 0.9988020610656915, mae: 0.003760224474527263, rmse: 0.004651989412375255, meanRelErr: 0.0011022317743749073, worstRelErr: 0.00409498527470467 },
    train: {},
  },
  '100': {
    params: [2.6514477, 0.60115152, 0.45295811, 437.9464276, 2.13245612, 0.59785199, 0.65523644],
    test: { r2: 0.9983008228767494, mae: 0.004348117582348481, rmse: 0.0059188815096290716, meanRelErr: 0.0014248385942192765, worstRelErr: 0.005829298549353867 },
    train: {},
  },
  '400': {
    params: [2.37474466, 0.65421216, 0.42878731, 523.42464371, 2.02462735, 0.59350493, 0.63472457],
    test: { r2: 0.9977627125467547, mae: 0.0048363283413525105, rmse: 0.007304821251901249, meanRelErr: 0.0016797822106696487, worstRelErr: 0.009947970008366584 },
    train: { r2: 0.9983975157564721, mae: 0.005167252325051486, rmse: 0.006572898514601842, meanRelErr: 0.0017712714979005804, worstRelErr: 0.007382127661473657 },
  },
};

export const TRAIN_SET = ['cosine_24000.csv', 'constant_24000.csv', 'wsdcon_9.csv'];
export const TEST_SET = ['constant_72000.csv', 'cosine_72000.csv', 'wsd_20000_24000.csv', 'wsdld_20000_24000.csv', 'wsdcon_3.csv', 'wsdcon_18.csv'];

/** One of the authors' curves as their loader reads it (lr column ignored, step 24000 dropped). */
export function loadAuthorsCurve(dir: string, file: string): CurveData {
  const rows = readFileSync(join(dir, file), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
  const maxStep = Math.max(...rows.map((r) => r[0]));
  const kept = maxStep === 24000 ? rows.filter((r) => r[0] < 24000) : rows;
  const spec = authorsScheduleFromFileName(file);
  if (!spec) throw new Error(`not an authors' file name: ${file}`);
  return { name: file, steps: Float64Array.from(kept, (r) => r[0]), loss: Float64Array.from(kept, (r) => r[2]), eta: scheduleLRs(spec) };
}

/** Synthetic curve from a predictor with multiplicative log-normal noise (seeded). */
export function synthCurve(name: string, eta: Float64Array, steps: number[], predict: (s: Float64Array) => Float64Array, noise: number, seed: number): CurveData {
  const st = Float64Array.from(steps);
  const clean = predict(st);
  const rng = new Rng(seed);
  return { name, eta, steps: st, loss: Float64Array.from(clean, (y) => y * Math.exp(noise * rng.normal())) };
}

export function range(from: number, to: number, every: number): number[] {
  const out: number[] = [];
  for (let s = from; s < to; s += every) out.push(s);
  return out;
}
