#!/usr/bin/env python3
"""numpy peer of `scaling-laws phases curve --method exact` (bench/phases.bench.mjs).

Does the job the way a numpy user would: draw W (v x d), K = (D^1/2 W)^T (D^1/2 W) (BLAS syrk),
numpy.linalg.eigh(K), the projections of g = W^T D b on the eigenvectors, then the expected SGD
loss by the modal recursion / log-time integrator of src/core/theory/exact.ts (modalCurve).

--w sfc32 (default) draws the *same* W as ours: row j from its own sfc32 stream Rng(seed, -(j+1))
(src/core/optimize/rng.ts, src/core/theory/model.ts forEachWRow), vectorised across rows, so the
two loss curves can be compared number for number. --w numpy draws W with numpy's own generator
(what a numpy user would write); its time is reported as `w_numpy_seconds` either way so the bench
can charge the peer numpy's generator time rather than our generator's port.

Usage: plrf_numpy.py --alpha A --beta B --d D --steps R [--v V] [--batch B] [--seed S]
                     [--points-per-decade N] [--w sfc32|numpy]
Prints JSON {step, flops, loss, seconds: {w, w_numpy, kernel, eigh, curve, total}} on stdout.
"""
import argparse, json, math, sys, time
import numpy as np

U32 = np.uint32
GOLDEN = 0x9E3779B9


def splitmix_states(seed, streams):
    """The four sfc32 state words of Rng(seed, stream) for an array of int streams, as in rng.ts."""
    m = (streams.astype(np.int64) + 1) % (1 << 32)
    s = (np.uint64(seed) ^ ((m.astype(np.uint64) * np.uint64(GOLDEN)) & np.uint64(0xFFFFFFFF))).astype(U32)
    words = []
    for _ in range(4):
        s = s + U32(GOLDEN)
        z = s.copy()
        z = (z ^ (z >> U32(16))) * U32(0x85EBCA6B)
        z = (z ^ (z >> U32(13))) * U32(0xC2B2AE35)
        words.append(z ^ (z >> U32(16)))
    return words


class Sfc32Lanes:
    """Many independent sfc32 generators advanced together (one lane per row of W)."""

    def __init__(self, seed, streams):
        self.a, self.b, self.c, self.d = splitmix_states(seed, streams)
        for _ in range(12):
            self.u32()

    def u32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = a + b + d
        self.d = d + U32(1)
        self.a = b ^ (b >> U32(9))
        self.b = c + (c << U32(3))
        c = (c << U32(21)) | (c >> U32(11))
        self.c = c + t
        return t

    def uniform(self):
        hi = (self.u32() >> U32(5)).astype(np.float64)
        lo = (self.u32() >> U32(6)).astype(np.float64)
        return (hi * 67108864.0 + lo) / 9007199254740992.0


def draw_w_sfc32(seed, v, d):
    """W (v x d) exactly as forEachWRow draws it (Box-Muller, cos and sin of each pair)."""
    lanes = Sfc32Lanes(seed, -(np.arange(v) + 1))
    wt = np.empty((d, v))
    s = 1.0 / math.sqrt(d)
    two_pi = 2 * math.pi
    for i in range(0, d, 2):
        u = lanes.uniform()
        if np.any(u == 0):
            raise SystemExit('a uniform draw of exactly 0 (probability 2^-53): rerun with another seed')
        th = two_pi * lanes.uniform()
        rad = np.sqrt(-2 * np.log(u)) * s
        wt[i] = rad * np.cos(th)
        if i + 1 < d:
            wt[i + 1] = rad * np.sin(th)
    return wt.T


def log_step_grid(max_step, per_decade=40, dense=10):
    """logStepGrid of src/core/theory/model.ts."""
    out = []
    R = math.floor(max_step)
    for r in range(0, min(dense, R) + 1):
        out.append(r)
    if R > dense:
        f = 10 ** (1 / per_decade)
        x = dense
        while True:
            x *= f
            r = round(x)
            if r >= R:
                break
            if r > out[-1]:
                out.append(r)
        out.append(R)
    return out


def modal_curve(lam, c, p_res, lr, B, steps, rho=0.02, min_step=10.0):
    """modalCurve of src/core/theory/exact.ts: exact steps until rho*r = min_step, then log-time
    steps with the exact discrete weights for a loss linear over the step."""
    omq = 2 * lr * B * lam - lr * lr * B * (B + 1) * lam ** 2
    lnq = np.log1p(-omq)
    q = 1.0 - omq
    kw = lr * lr * B * lam ** 2
    u = c.copy()
    P = p_res + u.sum()
    r = 0.0
    exact_until = min_step / rho
    out = np.empty(len(steps))
    for k, target in enumerate(steps):
        while target - r > 1e-9:
            if r < exact_until and target - r >= 1:
                u = q * u + kw * P
                P = p_res + u.sum()
                r += 1
                continue
            h = min(target - r, max(1.0, rho * r))
            hom = h * omq
            em = np.expm1(h * lnq)
            with np.errstate(divide='ignore', invalid='ignore'):
                S0 = np.where(hom > 1e-4, -em / omq, h * (1 - omq * (h - 1) / 2))
                C = np.where(hom > 1e-4, (hom + em) / (omq * omq), h * (h - 1) / 2 * (1 - omq * (h - 2) / 3))
            w = kw * S0
            b1 = kw * C / h
            tmp = (1 + em) * u + (w - b1) * P
            Pn = (p_res + tmp.sum()) / (1 - b1.sum())
            u = tmp + b1 * Pn
            P = Pn
            r += h
        out[k] = P
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--alpha', type=float, required=True)
    ap.add_argument('--beta', type=float, required=True)
    ap.add_argument('--d', type=int, required=True)
    ap.add_argument('--v', type=int)
    ap.add_argument('--batch', type=int, default=1)
    ap.add_argument('--steps', type=float, required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--points-per-decade', type=int, default=40)
    ap.add_argument('--w', choices=['sfc32', 'numpy'], default='sfc32')
    ap.add_argument('--spectrum', choices=['exact', 'approximate'], default='exact',
                    help="approximate: the authors' analytic spectrum (theory_rhos), as phases curve --method approximate")
    a = ap.parse_args()
    if a.spectrum == 'approximate':
        return approximate(a)
    d, B = a.d, a.batch
    v = a.v or 4 * d
    t0 = time.perf_counter()
    j = np.arange(1, v + 1, dtype=float)
    lr = 1.0 / ((B + 1) * np.sum(j[::-1] ** (-2 * a.alpha)))
    tw = time.perf_counter()
    W_np = np.random.default_rng(a.seed).standard_normal((v, d))
    W_np /= math.sqrt(d)
    w_numpy = time.perf_counter() - tw
    if a.w == 'sfc32':
        del W_np
        tw = time.perf_counter()
        W = draw_w_sfc32(a.seed, v, d)
        w_time = time.perf_counter() - tw
    else:
        W, w_time = W_np, w_numpy
    t1 = time.perf_counter()
    g = W.T @ (j ** (-2 * a.alpha - a.beta))
    W *= (j ** (-a.alpha))[:, None]
    K = W.T @ W  # numpy calls BLAS syrk for A.T @ A
    del W
    t2 = time.perf_counter()
    lam, V = np.linalg.eigh(K)
    proj = V.T @ g
    del K, V
    t3 = time.perf_counter()
    order = np.argsort(-lam, kind='stable')
    lam, proj = lam[order], proj[order]
    keep = lam > 1e-13 * lam[0]
    c = np.where(keep, proj ** 2 / np.where(keep, lam, 1), 0.0)
    lam = np.where(keep, lam, np.maximum(lam, 0))
    p0 = float(np.sum(j[::-1] ** (-2 * a.alpha - 2 * a.beta)))
    p_res = max(p0 - float(c.sum()), 0.0)
    steps = log_step_grid(a.steps, a.points_per_decade)
    loss = modal_curve(lam, c, p_res, lr, B, np.asarray(steps, dtype=float))
    t4 = time.perf_counter()
    json.dump({
        'step': steps, 'flops': [r * d * B for r in steps], 'loss': loss.tolist(), 'w': a.w,
        'seconds': {'w': w_time, 'w_numpy': w_numpy, 'kernel': t2 - t1, 'eigh': t3 - t2, 'curve': t4 - t3, 'total': t4 - t0},
    }, sys.stdout)
    sys.stdout.write('\n')


def limit_loss(alpha, beta, d, v):
    """limitLoss of src/core/theory/deterministic.ts: bisection in log s for sum s l/(1+s l) = d."""
    if d >= v:
        return 0.0
    lam = np.arange(1, v + 1, dtype=float) ** (-2 * alpha)
    lo, hi = -60.0, 60.0
    for _ in range(200):
        if hi - lo <= 1e-13:
            break
        mid = 0.5 * (lo + hi)
        s = math.exp(mid)
        if np.sum(s * lam / (1 + s * lam)) < d:
            lo = mid
        else:
            hi = mid
    s = math.exp(0.5 * (lo + hi))
    j = np.arange(v, 0, -1, dtype=float)
    return float(np.sum(j ** (-2 * alpha - 2 * beta) / (1 + s * j ** (-2 * alpha))))


def approximate(a):
    """The cheap analytic spectrum (approximate.ts): lambda_j = j^-2alpha, c_j = lambda_j (j^-2beta + c_beta/d)."""
    t0 = time.perf_counter()
    d, B = a.d, a.batch
    v = a.v or 4 * d
    lr = 1.0 / ((B + 1) * np.sum(np.arange(v, 0, -1, dtype=float) ** (-2 * a.alpha)))
    j = np.arange(1, d + 1, dtype=float)
    c_beta = float(np.sum(j[::-1] ** (-2 * a.beta)))
    ac = c_beta / d if (a.alpha > 0.5 and a.beta > 0.5) else 0.0
    lam = j ** (-2 * a.alpha)
    c = lam * (j ** (-2 * a.beta) + ac)
    p_res = limit_loss(a.alpha, a.beta, d, v)
    steps = log_step_grid(a.steps, a.points_per_decade)
    loss = modal_curve(lam, c, p_res, lr, B, np.asarray(steps, dtype=float))
    json.dump({'step': steps, 'flops': [r * d * B for r in steps], 'loss': loss.tolist(), 'spectrum': 'approximate',
               'seconds': {'total': time.perf_counter() - t0}}, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
