# Independent peer for the inference-aware allocation (Sardana et al. 2024, "Beyond Chinchilla-Optimal",
# arXiv 2401.00448), written from the paper: for a target loss l and inference demand T tokens, minimise
# total FLOPs 6 N D + 2 N T subject to E + A/N^alpha + B/D^beta = l. With D(N) = (B / (l - E - A N^-alpha))^(1/beta),
# the first-order condition d/dN [6 N D(N) + 2 N T] = 0 is solved for its root in ln N. The authors use
# Newton's method; Newton from the Chinchilla point can step below N_min (where no D reaches the loss), so
# this peer brackets the root between N_min and the Chinchilla-optimal N (where the condition is 2T > 0)
# and uses Brent's method: the root is the same. stdin: {"cases": [{"E","A","B","alpha","beta","loss","T"}]}; stdout: {"results": [{"N","D","total"}]}
import json, sys
import numpy as np
from scipy.optimize import brentq

def solve(c):
    E, A, B, al, be, l, T = c["E"], c["A"], c["B"], c["alpha"], c["beta"], c["loss"], c["T"]
    D = lambda N: (B / (l - E - A * N ** -al)) ** (1 / be)
    def dD(N):  # implicit derivative of D(N) along the iso-loss curve
        d = D(N)
        return -(al * A * N ** (-al - 1)) / (be * B * d ** (-be - 1))
    foc = lambda x: 6 * D(np.exp(x)) + 6 * np.exp(x) * dD(np.exp(x)) + 2 * T
    # Chinchilla-optimal N for the loss: the root with T = 0 (bracketed between N_min and a large N).
    n_min = (A / (l - E)) ** (1 / al)
    lo, hi = np.log(n_min) + 1e-6, np.log(n_min) + 60
    x0 = brentq(lambda x: 6 * D(np.exp(x)) + 6 * np.exp(x) * dD(np.exp(x)), lo, hi, xtol=1e-14)
    x = brentq(foc, lo, x0, xtol=1e-14) if T > 0 else x0
    N = float(np.exp(x))
    return {"N": N, "D": float(D(N)), "total": float(6 * N * D(N) + 2 * N * T), "chinchillaN": float(np.exp(x0))}

inp = json.load(sys.stdin)
json.dump({"results": [solve(c) for c in inp["cases"]]}, sys.stdout)
