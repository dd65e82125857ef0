# Independent peer for the Power Lines batch-size and timescale formulas (Bergsma et al. 2025,
# arXiv 2505.13738): B_opt = c_opt D^m_opt, B_crit = c_crit D^m_crit (tokens, independent of N);
# AdamW timescale tau = B / (eta lambda D); with tau_opt = c_tau (D/N)^m_tau, lambda = B / (eta tau_opt D).
# stdin: {"D", "N", "opt": {c, m}, "crit": {c, m}, "eta", "tau": {c, m}}; stdout: the values.
import json, sys
import numpy as np

i = json.load(sys.stdin)
D, N = np.float64(i["D"]), np.float64(i["N"])
b_opt = i["opt"]["c"] * np.power(D, i["opt"]["m"])
b_crit = i["crit"]["c"] * np.power(D, i["crit"]["m"])
tau_opt = i["tau"]["c"] * np.power(D / N, i["tau"]["m"])
lam = b_opt / (i["eta"] * tau_opt * D)
json.dump({"optimal": float(b_opt), "critical": float(b_crit), "tauOpt": float(tau_opt), "weightDecay": float(lam)}, sys.stdout)
