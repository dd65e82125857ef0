# Independent peer for the Densing Law (Xiao et al. 2024, arXiv 2412.04315), written from the paper:
#   step 1 (Eq. 2): L(N, D) = E + A N^-alpha + B D^-beta   (the paper's E = 0)
#   step 2 (Eq. 3): S = c / (1 + exp(-gamma (L - l))) + d
#   Eq. 4: L^ = l - ln(c / (S - d) - 1) / gamma;  N^ = ((L^ - E - B D0^-beta) / A)^(-1/alpha), D0 = 1e12
#   density = N^ / N; trend (Eq. 5): ln(rho_max) = A_t t + B_t by least squares on the models that set
#   a new maximum density (numpy.polyfit); doubling time ln 2 / A_t.
# The performance law is given in the paper's names here (c, gamma, l, d) and converted by the caller.
# stdin: {"ref": {E, A, B, alpha, beta}, "perf": {c, gamma, l, d}, "d0", "models": [{N, S, t}]}
# stdout: {"lossHat": [...], "nEff": [...], "density": [...], "frontier": [...], "A": .., "B": .., "doubling": ..,
#          "A_all": .., "doubling_all": ..}
import json, sys
import numpy as np

inp = json.load(sys.stdin)
r, p, d0 = inp["ref"], inp["perf"], inp["d0"]
N = np.array([m["N"] for m in inp["models"]], dtype=float)
S = np.array([m["S"] for m in inp["models"]], dtype=float)
t = np.array([m["t"] for m in inp["models"]], dtype=float)

with np.errstate(divide="ignore", invalid="ignore"):
    loss_hat = p["l"] - np.log(p["c"] / (S - p["d"]) - 1.0) / p["gamma"]
    gap = loss_hat - r["E"] - r["B"] * d0 ** (-r["beta"])
    n_eff = np.where(gap > 0, (gap / r["A"]) ** (-1.0 / r["alpha"]), np.inf)
density = n_eff / N

ok = np.isfinite(density) & (density > 0)
order = sorted(np.nonzero(ok)[0], key=lambda i: (t[i], -density[i]))
frontier, best, last_t = [], -np.inf, None
for i in order:
    if last_t is not None and t[i] == last_t:
        continue
    last_t = t[i]
    if density[i] > best:
        frontier.append(int(i))
        best = density[i]
A, B = np.polyfit(t[frontier], np.log(density[frontier]), 1)
idx = np.nonzero(ok)[0]
A_all, _ = np.polyfit(t[idx], np.log(density[idx]), 1)
clean = lambda a: [float(x) if np.isfinite(x) else None for x in a]
json.dump({"lossHat": clean(loss_hat), "nEff": clean(n_eff), "density": clean(density), "frontier": frontier,
           "A": float(A), "B": float(B), "doubling": float(np.log(2) / A), "A_all": float(A_all),
           "doubling_all": float(np.log(2) / A_all)}, sys.stdout)
