# Independent peer for the loss-to-loss reproduction (issue #8): the authors' train-to-train
# procedure (Brandfonbrener et al. 2024) written from their description with numpy/scipy:
# inner join of two data sets' runs on `tokens`, E_x and E_y from the kaplan==True rows of
# opt_params_data.csv (loss_name val_loss), kappa and log K from scipy.stats.linregress of
# log(y - E_y) on log(x - E_x).  stdin: {"sweep": path, "opt": path}; stdout: JSON list.
import csv, json, sys
import numpy as np
from scipy import stats

inp = json.load(sys.stdin)
rows = list(csv.DictReader(open(inp["sweep"])))
opt = list(csv.DictReader(open(inp["opt"])))
key = inp.get("key", "val_loss")
E = {r["data"]: float(r["E"]) for r in opt if r["kaplan"] == "True" and r["loss_name"] == key}
datasets = sorted(set(r["data"] for r in rows))

def series(d):
    out = []
    for r in rows:
        if r["data"] != d or r[key] == "" or r["tokens"] == "":
            continue
        out.append((float(r["tokens"]), float(r[key])))
    return out

out = []
for d1 in datasets:
    s1 = series(d1)
    for d2 in datasets:
        s2 = series(d2)
        x, y = [], []
        for t1, l1 in s1:
            for t2, l2 in s2:
                if t1 == t2:
                    x.append(l1); y.append(l2)
        x = np.array(x); y = np.array(y)
        ex, ey = E[d1], E[d2]
        res = stats.linregress(np.log(x - ex), np.log(y - ey))
        out.append({"x": d1, "y": d2, "n": int(len(x)), "kappa": float(res.slope), "K": float(np.exp(res.intercept)), "E_x": ex, "E_y": ey})
json.dump(out, sys.stdout)
