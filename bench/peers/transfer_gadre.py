# Independent peer for the over-training reproduction (issue #8), written from Gadre et al. 2024
# (arXiv 2403.08540) and the conventions of mlfoundations/scaling: for one training set, fit
#   L(N, M) = a N^b + c 6^(b/2) (M N)^b + E
# by scipy curve_fit (Levenberg-Marquardt, least squares on raw loss) from 128 starts on the five
# points (4 small models at M = 20, the smallest at M = 320); keep the lowest residual. Then
# fit Err(L) = eps - k exp(-gamma L) (curve_fit, default start) on those five plus the 1.4B
# model at M = 20. stdin: {"path", "dataset", "loss", "err"}; stdout: JSON.
import csv, json, sys
import numpy as np
from scipy.optimize import curve_fit

inp = json.load(sys.stdin)
rows = [r for r in csv.DictReader(open(inp["path"])) if r["dataset_name"] == inp["dataset"]]
small = ["d=96_l=8_h=4", "d=512_l=8_h=4", "d=576_l=24_h=8", "d=1024_l=24_h=8"]
fit_rows = [r for r in rows if r["model_name"] in small and float(r["chinchilla_multiplier"]) == 1.0]
fit_rows += [r for r in rows if r["model_name"] == "d=96_l=8_h=4" and float(r["chinchilla_multiplier"]) == 16.0]
N = np.array([float(r["N_params"]) for r in fit_rows])
M = np.array([float(r["tok_mult_M"]) for r in fit_rows])
L = np.array([float(r[inp["loss"]]) for r in fit_rows])

def law(x, a, c, b, E):
    n, m = x
    return a * np.power(n, b) + c * np.power(6, b / 2) * np.power(m * n, b) + E

best, best_res = None, np.inf
import warnings
warnings.simplefilter("ignore")
for a0 in [1e2, 3e2, 1e3, 3e3]:
    for c0 in [1e2, 3e2, 1e3, 3e3]:
        for b0 in [-0.1, -0.3]:
            for e0 in [0.0, 1.0, 2.0, 10.0]:
                try:
                    p, _ = curve_fit(law, np.array([N, M]), L, p0=[a0, c0, b0, e0], maxfev=10000)
                except RuntimeError:
                    continue
                r = L - law(np.array([N, M]), *p)
                res = float(np.sum(r ** 2))
                if res < best_res:
                    best_res, best = res, p
a, c, b, E = [float(v) for v in best]
targets = [r for r in rows if r["model_name"] in ("open_lm_1b", "open_lm_7b")]
pred = [{"model": r["model_name"], "M": float(r["tok_mult_M"]), "N": float(r["N_params"]), "D": float(r["D_tokens"]),
         "loss": float(r[inp["loss"]]), "pred": float(law(np.array([[float(r["N_params"])], [float(r["tok_mult_M"])]]), a, c, b, E)[0])} for r in targets]

ds_rows = fit_rows + [r for r in rows if r["model_name"] == "open_lm_1b" and float(r["chinchilla_multiplier"]) == 1.0]
x2 = np.array([float(r[inp["loss"]]) for r in ds_rows])
y2 = np.array([float(r[inp["err"]]) for r in ds_rows])
(eps, k, gamma), _ = curve_fit(lambda t, eps, k, gamma: eps - k * np.exp(-gamma * t), x2, y2, maxfev=10000)
json.dump({"a": a, "c": c, "b": b, "E": E, "sse": best_res, "chinchilla": {"E": E, "A": a, "B": c * 6 ** (b / 2), "alpha": -b},
           "targets": pred, "downstream": {"eps": float(eps), "k": float(k), "gamma": float(gamma), "n": len(x2)}}, sys.stdout)
