#!/usr/bin/python3
"""The uncertainty analysis of bench/bench_sensitivity.c in NumPy, for the ratio.

Same data (IDATA/IMETA written by bench_sensitivity into DIR), same 4 choices:
normalisation (minmax [1, 100] or zscore [100, 15], both precomputed once, as
the C engine does), weights of levels 1 and 2 drawn within ±25 % and rescaled
to their nominal sum within each parent, arithmetic or geometric mean, and
one indicator (or none) left out; ranks with ties sharing the best rank; the
5th/50th/95th percentiles by numpy.quantile (its default is R's type 7).

Two implementations, both vectorised over units and indicators:
  loop   one replication at a time (the pipeline as a user writes it);
  batch  replications in blocks of 1000 (matrix products across replications).
Random draws differ from the C engine's, so results are compared statistically
(mean ranks), not byte for byte.

usage: ua_numpy.py DIR [N]      (N defaults to the N in DIR/c_timing.txt)
"""
import csv
import sys
import time

import numpy as np


def load(d):
    with open(f"{d}/idata.csv") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    codes = [r[0] for r in body]
    with open(f"{d}/imeta.csv") as f:
        meta = list(csv.DictReader(f))
    inds = [m for m in meta if m["Type"] == "Indicator"]
    doms = [m for m in meta if m["Level"] == "2"]
    col = {c: i for i, c in enumerate(head)}
    x = np.array([[float(r[col[m["iCode"]]]) for m in inds] for r in body])
    direction = np.array([float(m["Direction"]) for m in inds])
    w1 = np.array([float(m["Weight"]) for m in inds])
    dom_index = {m["iCode"]: k for k, m in enumerate(doms)}
    parent = np.array([dom_index[m["Parent"]] for m in inds])
    w2 = np.array([float(m["Weight"]) for m in doms])
    return codes, x * direction, w1, parent, w2


def normalised(x):
    mn, mx = x.min(0), x.max(0)
    z1 = (x - mn) / (mx - mn) * 99 + 1
    z2 = (x - x.mean(0)) / x.std(0, ddof=1) * 15 + 100
    return np.stack([z1, z2])


def ranks(score):
    """1 + number of strictly higher scores (ties share the best rank)."""
    return 1 + (score[..., None, :] > score[..., :, None]).sum(-1)


def ua_loop(z, logz, w1n, parent, w2n, n, noise, rng):
    nu, ni = z.shape[1], z.shape[2]
    nd = w2n.size
    g = np.zeros((ni, nd))
    g[np.arange(ni), parent] = 1
    nom1 = np.bincount(parent, w1n, nd)
    out = np.empty((n, nu), dtype=np.int16)
    for r in range(n):
        u = rng.random(4)
        a, agg, lo = int(u[0] * 2), int(u[2] * 2), int(u[3] * (ni + 1))
        w1 = w1n * (1 + noise * (2 * rng.random(ni) - 1))
        w1 *= (nom1 / np.bincount(parent, w1, nd))[parent]
        w2 = w2n * (1 + noise * (2 * rng.random(nd) - 1))
        w2 *= w2n.sum() / w2.sum()
        if lo:
            w1[lo - 1] = 0
        gw = g * w1[:, None]
        sw = w1 @ g
        if agg == 0:
            dom = (z[a] @ gw) / sw
            idx = dom @ w2 / w2.sum()
        else:
            dom = np.exp((logz[a] @ gw) / sw)
            idx = np.exp(np.log(dom) @ w2 / w2.sum())
        out[r] = ranks(idx)
    return out


def ua_batch(z, logz, w1n, parent, w2n, n, noise, rng, block=1000):
    nu, ni = z.shape[1], z.shape[2]
    nd = w2n.size
    g = np.zeros((ni, nd))
    g[np.arange(ni), parent] = 1
    nom1 = w1n @ g
    out = np.empty((n, nu), dtype=np.int16)
    for s in range(0, n, block):
        b = min(block, n - s)
        u = rng.random((b, 4))
        a, agg, lo = (u[:, 0] * 2).astype(int), (u[:, 2] * 2).astype(int), (u[:, 3] * (ni + 1)).astype(int)
        w1 = w1n * (1 + noise * (2 * rng.random((b, ni)) - 1))
        w1 *= ((nom1 / (w1 @ g)) @ g.T)
        w2 = w2n * (1 + noise * (2 * rng.random((b, nd)) - 1))
        w2 *= w2n.sum() / w2.sum(1, keepdims=True)
        w1[lo > 0, lo[lo > 0] - 1] = 0
        sw = w1 @ g                                   # b × nd
        gw = w1[:, :, None] * g[None]                 # b × ni × nd
        idx = np.empty((b, nu))
        for ai in range(2):
            for gi in range(2):
                sel = (a == ai) & (agg == gi)
                if not sel.any():
                    continue
                src = z[ai] if gi == 0 else logz[ai]
                dom = np.einsum("ui,bid->bud", src, gw[sel]) / sw[sel][:, None, :]
                ww = w2[sel] / w2[sel].sum(1, keepdims=True)
                if gi == 0:
                    idx[sel] = np.einsum("bud,bd->bu", dom, ww)
                else:
                    idx[sel] = np.exp(np.einsum("bud,bd->bu", dom, ww))
        out[s:s + b] = ranks(idx)
    return out


def summary(r):
    q = np.quantile(r, [0.05, 0.5, 0.95], axis=0)
    return r.mean(0), q[1], q[0], q[2]


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/indeks-bench-sa"
    timing = {}
    try:
        with open(f"{d}/c_timing.txt") as f:
            for line in f:
                k, v = line.split()
                timing[k] = float(v)
    except OSError:
        pass
    n = int(sys.argv[2]) if len(sys.argv) > 2 else int(timing.get("n", 20000))
    codes, x, w1, parent, w2 = load(d)
    z = normalised(x)
    logz = np.log(z)
    nominal = ranks(np.array((z[0] @ (np.eye(len(w2))[parent] * w1[:, None]) / (w1 @ np.eye(len(w2))[parent])) @ w2 / w2.sum()))
    rng = np.random.default_rng(1)
    res = {}
    for name, fn in (("loop", ua_loop), ("batch", ua_batch)):
        t0 = time.perf_counter()
        r = fn(z, logz, w1, parent, w2, n, 0.25, rng)
        mean, med, q5, q95 = summary(r)
        res[name] = (time.perf_counter() - t0, mean)
    print(f"NumPy {np.__version__} UA, N = {n}, 98 units x 100 indicators, 4 choices")
    cmean = None
    try:
        with open(f"{d}/c_result.csv") as f:
            rows = list(csv.DictReader(f))
        cmean = np.array([float(row["Mean"]) for row in rows])
        cnom = np.array([int(row["Nominal"]) for row in rows])
        print(f"  nominal ranks equal to the C engine's: {bool((cnom == nominal).all())}")
    except OSError:
        pass
    for name, (t, mean) in res.items():
        line = f"  {name:5s}: {t:7.2f} s ({1e6 * t / n:6.1f} us per replication)"
        if cmean is not None:
            line += f"; mean ranks within {np.abs(mean - cmean).max():.2f} of C's"
        if "c_seconds_1thread" in timing:
            c1, c2 = timing["c_seconds_1thread"], timing["c_seconds_2threads"]
            line += f"; C is {t / c1:5.1f}x faster on 1 thread, {t / c2:5.1f}x on 2"
        print(line)


if __name__ == "__main__":
    main()
