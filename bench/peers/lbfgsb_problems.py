#!/usr/bin/env python3
"""Reference results of scipy's L-BFGS-B on a fixed set of bounded test problems.

Prints one JSON object {"scipy": version, "problems": {name: {x, fun, nit, nfev, status, message}}}.
The same problems (same formulas, bounds, starting points) are defined in
test/unit/optimize/scipy-compare.test.ts, which runs this script and compares.
Usage: /usr/bin/python3 bench/peers/lbfgsb_problems.py
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import minimize

INF = np.inf


def rosen(x):
    f = 0.0
    g = np.zeros_like(x)
    for i in range(len(x) - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        f += 100.0 * a * a + b * b
        g[i] += -400.0 * x[i] * a - 2.0 * b
        g[i + 1] += 200.0 * a
    return f, g


def beale(x):
    x1, x2 = x
    t1 = 1.5 - x1 + x1 * x2
    t2 = 2.25 - x1 + x1 * x2 * x2
    t3 = 2.625 - x1 + x1 * x2 ** 3
    f = t1 * t1 + t2 * t2 + t3 * t3
    g = np.array([
        2 * t1 * (x2 - 1) + 2 * t2 * (x2 * x2 - 1) + 2 * t3 * (x2 ** 3 - 1),
        2 * t1 * x1 + 2 * t2 * 2 * x1 * x2 + 2 * t3 * 3 * x1 * x2 * x2,
    ])
    return f, g


def hs5(x):
    # Hock-Schittkowski #5: sin(x1+x2) + (x1-x2)^2 - 1.5 x1 + 2.5 x2 + 1
    x1, x2 = x
    f = np.sin(x1 + x2) + (x1 - x2) ** 2 - 1.5 * x1 + 2.5 * x2 + 1
    c = np.cos(x1 + x2)
    g = np.array([c + 2 * (x1 - x2) - 1.5, c - 2 * (x1 - x2) + 2.5])
    return f, g


def quad_active(x):
    # sum_i (i+1) (x_i - c_i)^2 + 0.5 * sum_i x_i x_{i+1}, c = [-2, 3, 0.5, 4, -1]
    c = np.array([-2.0, 3.0, 0.5, 4.0, -1.0])
    w = np.arange(1, 6, dtype=float)
    r = x - c
    f = float(np.sum(w * r * r) + 0.5 * np.sum(x[:-1] * x[1:]))
    g = 2 * w * r
    g[:-1] += 0.5 * x[1:]
    g[1:] += 0.5 * x[:-1]
    return f, g


def power_law(p):
    # A scaling-law-like fit: L(N) = E + A * N^-alpha on synthetic data, p = [E, logA, alpha]
    N = np.array([1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9])
    L = 1.7 + np.exp(6.0) * N ** -0.3
    L = L * (1 + 0.01 * np.array([1, -1, 0.5, -0.5, 0.2, -0.2, 0.1]))
    E, la, al = p
    pred = E + np.exp(la) * N ** -al
    r = pred - L
    f = float(np.sum(r * r))
    dE = 2 * np.sum(r)
    dla = 2 * np.sum(r * np.exp(la) * N ** -al)
    dal = 2 * np.sum(r * np.exp(la) * N ** -al * -np.log(N))
    return f, np.array([dE, dla, dal])


PROBLEMS = {
    "rosen2_box": (rosen, [-1.2, 1.0], [(-2.0, 0.5), (-1.0, 2.0)]),
    "rosen5_lower15": (rosen, [2.0, 2.5, 3.0, 2.0, 2.2], [(1.5, INF)] * 5),
    "rosen4_mixed": (rosen, [-1.0, 0.0, 2.0, -3.0], [(-INF, 0.8), (0.2, INF), (-INF, INF), (-2.0, 0.9)]),
    "beale_box": (beale, [1.0, 1.0], [(-4.5, 2.5), (-4.5, 0.4)]),
    "hs5": (hs5, [0.0, 0.0], [(-1.5, 4.0), (-3.0, 3.0)]),
    "quad_active": (quad_active, [0.0, 0.0, 0.0, 0.0, 0.0], [(-1.0, 1.0), (0.0, 2.0), (-INF, INF), (-INF, 3.0), (0.0, INF)]),
    "power_law": (power_law, [1.0, 3.0, 0.5], [(0.0, 10.0), (-INF, INF), (0.0, 2.0)]),
}


def main():
    out = {}
    for name, (fun, x0, bounds) in PROBLEMS.items():
        res = minimize(fun, np.array(x0, dtype=float), jac=True, method="L-BFGS-B", bounds=bounds)
        out[name] = {
            "x": [float(v) for v in res.x],
            "fun": float(res.fun),
            "nit": int(res.nit),
            "nfev": int(res.nfev),
            "status": int(res.status),
            "message": res.message if isinstance(res.message, str) else res.message.decode(),
        }
    json.dump({"scipy": scipy.__version__, "problems": out}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
