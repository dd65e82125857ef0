#!/usr/bin/env python3
"""numpy peer for bench/phases.bench.mjs: the same PLRF modal recursion / log-time integrator as
src/core/theory/exact.ts (modalCurve), and numpy's eigh for the exact spectrum of one W.
Input (stdin JSON): {"curve": {lam, c, w, pRes, lr, batch, steps, rho}, "eigen": {alpha, beta, d, v}}.
Output (stdout JSON): {"curve": {"loss": [...], "seconds": best of 3}, "eigen": {"seconds", "pRes"}}."""
import json, sys, time
import numpy as np


def modal_curve(lam, c, w, p_res, lr, B, steps, rho):
    omq = 2 * lr * B * lam - lr * lr * B * (B + 1) * lam ** 2
    lnq = np.log1p(-omq)
    q = 1.0 - omq
    kw = lr * lr * B * lam ** 2 * w
    u = c.copy()
    P = p_res + u.sum()
    r = 0.0
    exact_until = 1.0 / rho if rho > 0 else np.inf
    out = np.empty(len(steps))
    for k, target in enumerate(steps):
        while target - r > 1e-9:
            if r < exact_until and target - r >= 1:
                u = q * u + kw * P
                P = p_res + u.sum()
                r += 1
                continue
            h = min(target - r, max(1.0, rho * r))
            x = -h * lnq
            a = np.exp(-x)
            S0 = (1 - a) / omq
            with np.errstate(divide='ignore', invalid='ignore'):
                fnew = np.where(x < 1e-4, 0.5 + x / 12, 1 - (1 - a * (1 + x)) / (x * (1 - a)))
            wgt = kw * S0
            b1 = wgt * fnew
            tmp = a * u + (wgt - b1) * P
            Pn = (p_res + tmp.sum()) / (1 - b1.sum())
            u = tmp + b1 * Pn
            P = Pn
            r += h
        out[k] = P
    return out


def exact_spectrum(alpha, beta, d, v, seed=0):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((v, d)) / np.sqrt(d)
    j = np.arange(1, v + 1, dtype=float)
    Y = W * j[:, None] ** (-alpha)
    K = Y.T @ Y
    g = W.T @ (j ** (-2 * alpha - beta))
    lam, V = np.linalg.eigh(K)
    proj = V.T @ g
    c = proj ** 2 / lam
    return lam, c, float(np.sum(j ** (-2 * alpha - 2 * beta)) - c.sum())


def main():
    inp = json.load(sys.stdin)
    res = {}
    if 'curve' in inp:
        cv = inp['curve']
        lam, c, w = (np.asarray(cv[k], dtype=float) for k in ('lam', 'c', 'w'))
        steps = np.asarray(cv['steps'], dtype=float)
        best, loss = np.inf, None
        for _ in range(3):
            t0 = time.perf_counter()
            loss = modal_curve(lam, c, w, cv['pRes'], cv['lr'], cv['batch'], steps, cv['rho'])
            best = min(best, time.perf_counter() - t0)
        res['curve'] = {'loss': loss.tolist(), 'seconds': best}
    if 'eigen' in inp:
        e = inp['eigen']
        t0 = time.perf_counter()
        _, _, p_res = exact_spectrum(e['alpha'], e['beta'], e['d'], e['v'])
        res['eigen'] = {'seconds': time.perf_counter() - t0, 'pRes': p_res}
    json.dump(res, sys.stdout)


if __name__ == '__main__':
    main()
