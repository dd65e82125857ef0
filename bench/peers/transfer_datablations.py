# Independent peer for the data-constrained reproduction (issue #8), written from Muennighoff et al.
# 2023 (arXiv 2305.16264) and huggingface/datablations utils/parametric_fit.ipynb: with the
# Chinchilla part fixed (a, b, e, alpha, beta), U_N = min(N, N_opt(U_D)), R_N = max(N/U_N - 1, 0),
# R_D = max(D/U_D - 1, 0); fit R_D*, R_N* minimising the sum of Huber(delta = 1e-3) of
# log L_hat - log L with scipy L-BFGS-B from a grid of starts. stdin: {"path", "fixed", "starts"}.
import csv, json, sys
import numpy as np
from scipy.optimize import minimize
from scipy.special import huber

inp = json.load(sys.stdin)
rows = list(csv.DictReader(open(inp["path"])))
N = np.array([float(r["num_params"]) for r in rows])
D = np.array([float(r["token_num"]) for r in rows])
# ColPret's tokens_per_epoch column is a constant 1.5e9; unique tokens are token_num / epochs
# (e.g. 280m5b9100m: 5.9B tokens, 59 epochs, 100M unique).
U = D / np.array([float(r["epochs"]) for r in rows])
L = np.array([float(r["openLM_loss"]) for r in rows])
f = inp["fixed"]
A, B, E, alpha, beta = np.exp(f["a"]), np.exp(f["b"]), np.exp(f["e"]), f["alpha"], f["beta"]
G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta))
# N_opt for C such that D_opt(C) = U:  C/6 = (G U)^(1/b_), N_opt = G (C/6)^a_
a_, b_ = beta / (alpha + beta), alpha / (alpha + beta)
Nopt = G * ((G * U) ** (1 / b_)) ** a_
UN = np.minimum(N, Nopt)
RN = np.maximum(N / UN - 1, 0)
RD = np.maximum(D / U - 1, 0)

def obj(p):
    rd, rn = p
    Ne = UN + UN * rn * (1 - np.exp(-RN / rn))
    De = U + U * rd * (1 - np.exp(-RD / rd))
    pred = E + A / Ne ** alpha + B / De ** beta
    return float(np.sum(huber(1e-3, np.log(pred) - np.log(L))))

best = None
for rd0 in inp["starts"]["RD_star"]:
    for rn0 in inp["starts"]["RN_star"]:
        r = minimize(obj, [rd0, rn0], method="L-BFGS-B", bounds=[(1e-3, 1e4), (1e-3, 1e4)], options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 15000})
        if best is None or r.fun < best.fun:
            best = r
json.dump({"RD_star": float(best.x[0]), "RN_star": float(best.x[1]), "fun": float(best.fun), "n": int(len(L)), "capped": int(np.sum(N > Nopt))}, sys.stdout)
