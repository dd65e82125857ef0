#!/usr/bin/python3
"""Independent numpy/scipy peer for the multi-power-law joint fit.

Reads JSON on stdin:
  {"mode": "eval" | "fit",
   "curves": [{"steps": [...], "loss": [...], "eta": [...]}, ...],
   "params": [L0, A, alpha, B, C, beta, gamma]        (eval)
   "starts": [[L0, A, alpha, B, C, beta, gamma], ...] (fit), "delta": 1e-3}
Writes JSON: eval -> {"objective", "grad" (natural scale), "pred": [[...] per curve], "seconds"};
fit -> {"params", "objective", "nit", "nfev", "message", "seconds"}.

Same objective as the TypeScript side: sum over curves and points of Huber(delta) on
ln(loss) - ln(pred), pred = L0 + A*S1^-alpha + B*sum_{k=1..s} (eta_k - eta_{k-1}) *
(1 - (1 + C*eta_k^-gamma*(P_s - P_{k-1}))^-beta), P = cumsum(eta) (the authors' fit path).
Sums are exact (O(steps x T), vectorised per step). Fit: scipy L-BFGS-B with the analytic
gradient, over (L0, ln A, alpha, ln(B*beta), ln C, beta, gamma) -- the same fit space and bounds
as the TypeScript fit (ln(B*beta) instead of ln B removes the B -> inf, beta -> 0 ridge).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber

LOWER = [0, 1e-8, 1e-3, 1e-6, 1e-6, 1e-3, 0]
UPPER = [1e3, 1e6, 5, 1e9, 1e6, 10, 3]
LOG = [False, True, False, True, True, False, False]


def prepare(c):
    eta = np.asarray(c["eta"], dtype=np.float64)
    P = np.cumsum(eta)
    gap = np.zeros_like(eta)
    gap[1:] = np.diff(eta)
    with np.errstate(divide="ignore"):
        lneta = np.log(eta)
    return {
        "steps": np.asarray(c["steps"], dtype=np.int64),
        "lny": np.log(np.asarray(c["loss"], dtype=np.float64)),
        "P": P,
        "gap": gap,
        "lneta": lneta,
    }


def predict_jac(p, c):
    L0, A, alpha, B, C, beta, gamma = p
    steps = c["steps"]
    n = len(steps)
    pred = np.empty(n)
    jac = np.empty((n, 7))
    P, gap, lneta = c["P"], c["gap"], c["lneta"]
    eg = np.exp(-gamma * lneta)
    for i, s in enumerate(steps):
        d = gap[1 : s + 1]
        S = P[s] - P[:s]
        x = eg[1 : s + 1] * S
        u = 1.0 + C * x
        lu = np.log(u)
        e = np.exp(-beta * lu)
        sG = np.dot(d, 1.0 - e)
        q = d * x * e / u
        sC = q.sum()
        sGam = np.dot(q, lneta[1 : s + 1])
        sB = np.dot(d, lu * e)
        S1 = P[s]
        pw = S1 ** (-alpha)
        pred[i] = L0 + A * pw + B * sG
        jac[i] = [1.0, pw, -A * np.log(S1) * pw, sG, B * beta * sC, B * sB, -B * C * beta * sGam]
    return pred, jac


def objective(p, curves, delta):
    f = 0.0
    g = np.zeros(7)
    preds = []
    for c in curves:
        pred, jac = predict_jac(p, c)
        preds.append(pred)
        pc = np.maximum(pred, 1e-10)
        r = c["lny"] - np.log(pc)
        f += huber(delta, r).sum()
        psi = np.clip(r, -delta, delta) / pc
        psi[pred <= 1e-10] = 0
        g -= psi @ jac
    return f, g, preds


def main():
    req = json.load(sys.stdin)
    curves = [prepare(c) for c in req["curves"]]
    delta = req.get("delta", 1e-3)
    t0 = time.perf_counter()
    if req["mode"] == "eval":
        f, g, preds = objective(np.asarray(req["params"], dtype=np.float64), curves, delta)
        json.dump({"objective": f, "grad": g.tolist(), "pred": [p.tolist() for p in preds], "seconds": time.perf_counter() - t0}, sys.stdout)
        return
    def to_nat(th):
        p = np.array([np.exp(t) if lg else t for t, lg in zip(th, LOG)])
        p[3] /= p[5]  # th[3] = ln(B * beta)
        return p

    def to_fit(p):
        th = np.array([np.log(v) if lg else v for v, lg in zip(p, LOG)])
        th[3] = np.log(p[3] * p[5])
        return th

    bounds = [(np.log(lo), np.log(hi)) if lg else (lo, hi) for lo, hi, lg in zip(LOWER, UPPER, LOG)]
    bounds[3] = (np.log(LOWER[3] * LOWER[5]), np.log(UPPER[3] * UPPER[5]))

    def fg(th):
        p = to_nat(th)
        f, g, _ = objective(p, curves, delta)
        g = g.copy()
        g[5] -= g[3] * p[3] / p[5]
        return f, np.where(LOG, g * p, g)

    best = None
    nit = nfev = 0
    for s in req["starts"]:
        th0 = to_fit(np.asarray(s, dtype=np.float64))
        th0 = np.clip(th0, [b[0] for b in bounds], [b[1] for b in bounds])
        r = minimize(fg, th0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 2000, "maxfun": 4000, "ftol": 1e-13, "gtol": 1e-12})
        nit += r.nit
        nfev += r.nfev
        if best is None or r.fun < best.fun:
            best = r
    json.dump({"params": to_nat(best.x).tolist(), "objective": float(best.fun), "nit": nit, "nfev": nfev, "message": str(best.message), "seconds": time.perf_counter() - t0}, sys.stdout)


if __name__ == "__main__":
    main()
