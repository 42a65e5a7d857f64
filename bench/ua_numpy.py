#!/usr/bin/python3
"""The uncertainty analysis of bench/bench_sensitivity.c in NumPy, for the ratio.

Same data (IDATA/IMETA written by bench_sensitivity into DIR), same 4 choices:
normalisation (minmax [1, 100] or zscore [100, 15]), weights of levels 1 and 2
drawn within ±25 % and rescaled to their nominal sum within each parent,
arithmetic or geometric mean, and one indicator (or none) left out; ranks with
ties sharing the best rank; each unit's mean, median, 5th and 95th percentile
rank (R's type 7, numpy.quantile's default) over N replications.

The baseline the ratio is taken against is `batch`, a competent vectorised
implementation (not a strawman):
  - both normalisations and their logarithms are computed once, before the
    loop (as the C engine caches its prefix variants);
  - replications run in blocks of 2000; per block the weights are drawn as
    matrices (b × indicators, b × domains) and renormalised per parent with
    matrix products against the one-hot indicator→domain matrix;
  - the two-level weighted mean is folded into ONE matrix product per
    (normalisation, aggregation) group of the block: the index of unit u is
    Σ_d v_d·(Σ_{i∈d} w_i z_ui)/(Σ_{i∈d} w_i) = Σ_i z_ui·(w_i·v_{d(i)}/sw_{d(i)}),
    so idx = Z @ M.T with M (b × indicators) the folded weights (BLAS dgemm);
    the geometric mean is the same product on log Z followed by one exp (its
    log-domain form; NumPy need not reproduce the C engine's bits);
  - ranks by argsort of each row (descending), ties given the best rank only
    in the rows that have ties;
  - rank counts per unit accumulated with one bincount per block, and the
    percentiles read from those histograms (as the C engine does), instead
    of storing and sorting N × units ranks.
`loop` is the same pipeline one replication at a time (how it is often
written), shown for reference on N/10 replications.

With missing values in IDATA ("NA", IX_BENCH_MISSING in bench_sensitivity)
the baseline is `batch_missing`: the folded product no longer holds (each
unit's weights are renormalised over its present indicators, and over its
present domains), so per block of 2000 and per domain the sums Σ w_i z_ui
(missing as 0) and the present weights Σ w_i [z_ui present] are two matrix
products (BLAS: the same multiply-adds as the folded product, in ten pieces),
then the nan-aware weighted mean over domains (the geometric mean in logs).

Random draws differ from the C engine's, so results are compared statistically
(mean ranks), not byte for byte.

usage: ua_numpy.py DIR [N] [REPEAT]   (N defaults to the N in DIR/c_timing.txt;
                                      the best of REPEAT runs, default 3, is taken)
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
    x = np.array([[float("nan") if r[col[m["iCode"]]] == "NA" else float(r[col[m["iCode"]]])
                   for m in inds] for r in body])
    direction = np.array([float(m["Direction"]) for m in inds])
    w1 = np.array([float(m["Weight"]) for m in inds])
    dom_index = {m["iCode"]: k for k, m in enumerate(doms)}
    parent = np.array([dom_index[m["Parent"]] for m in inds])
    w2 = np.array([float(m["Weight"]) for m in doms])
    return codes, x * direction, w1, parent, w2


def normalised(x):
    mn, mx = np.nanmin(x, 0), np.nanmax(x, 0)
    z1 = (x - mn) / (mx - mn) * 99 + 1
    z2 = (x - np.nanmean(x, 0)) / np.nanstd(x, 0, ddof=1) * 15 + 100
    return np.stack([z1, z2])


def ranks_count(score):
    """1 + number of strictly higher scores (ties share the best rank)."""
    return 1 + (score[..., None, :] > score[..., :, None]).sum(-1)


def ranks_sorted(score):
    """Ranks of each row of score (b × n) as ranks_count gives them: argsort
    descending; where a row has ties, each run of equal values takes the
    position of its first member."""
    b, n = score.shape
    order = np.argsort(-score, axis=1)
    pos = np.broadcast_to(np.arange(1, n + 1, dtype=np.int64), (b, n))
    r = np.empty((b, n), dtype=np.int64)
    np.put_along_axis(r, order, pos, axis=1)
    s = np.take_along_axis(score, order, axis=1)
    tie = s[:, 1:] == s[:, :-1]
    rows = np.flatnonzero(tie.any(1))
    if rows.size:
        p = np.where(np.concatenate([np.zeros((rows.size, 1), bool), tie[rows]], 1), 0, pos[rows])
        np.maximum.accumulate(p, axis=1, out=p)
        rr = np.empty_like(p)
        np.put_along_axis(rr, order[rows], p, axis=1)
        r[rows] = rr
    return r


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
        out[r] = ranks_count(idx)
    h = np.zeros((nu, nu + 1), dtype=np.int64)
    for u in range(nu):
        h[u] = np.bincount(out[:, u], minlength=nu + 1)
    return h


def ua_batch(z, logz, w1n, parent, w2n, n, noise, rng, block=2000):
    nu, ni = z.shape[1], z.shape[2]
    nd = w2n.size
    g = np.zeros((ni, nd))
    g[np.arange(ni), parent] = 1
    nom1 = w1n @ g
    src = [np.ascontiguousarray(v[a]) for a in range(2) for v in (z, logz)]  # [a][agg]
    flat = (np.arange(nu) * (nu + 1))[None, :]
    hist = np.zeros(nu * (nu + 1), dtype=np.int64)
    for s0 in range(0, n, block):
        b = min(block, n - s0)
        u = rng.random((b, 4))
        a = (u[:, 0] * 2).astype(np.intp)
        agg = (u[:, 2] * 2).astype(np.intp)
        lo = (u[:, 3] * (ni + 1)).astype(np.intp)
        w1 = w1n * (1 + noise * (2 * rng.random((b, ni)) - 1))
        w1 *= (nom1 / (w1 @ g)) @ g.T
        w2 = w2n * (1 + noise * (2 * rng.random((b, nd)) - 1))
        w2 *= w2n.sum() / w2.sum(1, keepdims=True)
        k = np.flatnonzero(lo)
        w1[k, lo[k] - 1] = 0
        # folded weights: w_i · v_d(i) / sw_d(i), v = w2 / Σw2
        c = (w2 / w2.sum(1, keepdims=True)) / (w1 @ g)
        m = w1 * (c @ g.T)
        key = 2 * a + agg
        idx = np.empty((b, nu))
        for kk in range(4):
            sel = np.flatnonzero(key == kk)
            if sel.size:
                idx[sel] = (src[kk] @ m[sel].T).T
        gm = agg == 1
        idx[gm] = np.exp(idx[gm])
        hist += np.bincount((flat + ranks_sorted(idx)).ravel(), minlength=nu * (nu + 1))
    return hist.reshape(nu, nu + 1)


def ua_batch_missing(z, logz, w1n, parent, w2n, n, noise, rng, block=2000):
    nu, ni = z.shape[1], z.shape[2]
    nd = w2n.size
    assert (np.diff(parent) >= 0).all(), "indicators grouped by domain"
    starts = np.flatnonzero(np.r_[True, np.diff(parent) > 0])
    g = np.zeros((ni, nd))
    g[np.arange(ni), parent] = 1
    nom1 = w1n @ g
    present = ~np.isnan(z[0])                     # the same cells for both normalisations
    pm = present.astype(float)
    src = [np.nan_to_num(v[a]) for a in range(2) for v in (z, logz)]  # [a][agg], missing = 0
    flat = (np.arange(nu) * (nu + 1))[None, :]
    hist = np.zeros(nu * (nu + 1), dtype=np.int64)
    for s0 in range(0, n, block):
        b = min(block, n - s0)
        u = rng.random((b, 4))
        a = (u[:, 0] * 2).astype(np.intp)
        agg = (u[:, 2] * 2).astype(np.intp)
        lo = (u[:, 3] * (ni + 1)).astype(np.intp)
        w1 = w1n * (1 + noise * (2 * rng.random((b, ni)) - 1))
        w1 *= (nom1 / (w1 @ g)) @ g.T
        w2 = w2n * (1 + noise * (2 * rng.random((b, nd)) - 1))
        w2 *= w2n.sum() / w2.sum(1, keepdims=True)
        k = np.flatnonzero(lo)
        w1[k, lo[k] - 1] = 0
        # per domain, one matrix product for the sums and one for the present weights (BLAS)
        ends = np.r_[starts[1:], ni]
        den = np.empty((b, nu, nd))
        num = np.empty((b, nu, nd))
        key = 2 * a + agg
        for dd, (s1, e1) in enumerate(zip(starts, ends)):
            den[:, :, dd] = w1[:, s1:e1] @ pm[:, s1:e1].T
            for kk in range(4):
                sel = np.flatnonzero(key == kk)
                if sel.size:
                    num[sel, :, dd] = w1[sel, s1:e1] @ src[kk][:, s1:e1].T
        ok = den > 0
        dom = np.where(ok, num / np.where(ok, den, 1), 0)
        wd = ok * w2[:, None, :]
        idx = (dom * wd).sum(2) / wd.sum(2)
        gm = agg == 1
        idx[gm] = np.exp(idx[gm])
        hist += np.bincount((flat + ranks_sorted(idx)).ravel(), minlength=nu * (nu + 1))
    return hist.reshape(nu, nu + 1)


def quantile_hist(h, p):
    """R's type-7 quantile of each row's values from its histogram h[:, r]."""
    cnt = h.sum(1)
    cum = np.cumsum(h, 1)
    pos = (cnt - 1) * p
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, cnt - 1)
    a = (cum <= lo[:, None]).sum(1)   # value of order statistic lo (0-based)
    b = (cum <= hi[:, None]).sum(1)
    return a + (pos - lo) * (b - a)


def summary(h):
    r = np.arange(h.shape[1])
    mean = (h * r).sum(1) / h.sum(1)
    return mean, quantile_hist(h, 0.5), quantile_hist(h, 0.05), quantile_hist(h, 0.95)


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
    n = int(sys.argv[2]) if len(sys.argv) > 2 else int(timing.get("n", 100000))
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    codes, x, w1, parent, w2 = load(d)
    z = normalised(x)
    logz = np.log(z)
    g = np.eye(len(w2))[parent]
    missing = bool(np.isnan(x).any())
    z0 = np.nan_to_num(z[0])
    pres = (~np.isnan(z[0])) * w1
    nominal = ranks_count(((z0 * w1) @ g / (pres @ g)) @ w2 / w2.sum())
    res = {}
    runs = ((("batch", ua_batch_missing, n),) if missing else
            (("batch", ua_batch, n), ("loop", ua_loop, max(1, n // 10))))
    for name, fn, nn in runs:
        best = bcpu = None
        for rep in range(repeat if name == "batch" else 1):
            rng = np.random.default_rng(1 + rep)
            t0, c0 = time.perf_counter(), time.process_time()
            h = fn(z, logz, w1, parent, w2, nn, 0.25, rng)
            mean, med, q5, q95 = summary(h)
            t, c = time.perf_counter() - t0, time.process_time() - c0
            best = t if best is None else min(best, t)
            bcpu = c if bcpu is None else min(bcpu, c)
        res[name] = (best / nn, mean, nn, bcpu / nn)
    print(f"NumPy {np.__version__} UA, 98 units x 100 indicators"
          f"{f', {100 * np.isnan(x).mean():.1f} % missing' if missing else ''}, 4 choices "
          f"(best of {repeat} for batch)")
    cmean = None
    try:
        with open(f"{d}/c_result.csv") as f:
            rows = list(csv.DictReader(f))
        cmean = np.array([float(row["Mean"]) for row in rows])
        cnom = np.array([int(row["Nominal"]) for row in rows])
        print(f"  nominal ranks equal to the C engine's: {bool((cnom == nominal).all())}")
    except OSError:
        pass
    for name, (per, mean, nn, cpu) in res.items():
        label = "batch (the baseline)" if name == "batch" else "loop (reference only)"
        line = (f"  {label:22s} N = {nn:6d}: {per * nn:6.2f} s ({1e6 * per:6.2f} us per replication,"
                f" CPU {1e6 * cpu:6.2f})")
        if cmean is not None:
            line += f"; mean ranks within {np.abs(mean - cmean).max():.2f} of C's"
        print(line)
    if "c_seconds_1thread" in timing:
        c1, c2, cn = timing["c_seconds_1thread"], timing["c_seconds_2threads"], timing["n"]
        per = res["batch"][0]
        print(f"  C (N = {int(cn)}): {1e6 * c1 / cn:.3f} us per replication on 1 thread, "
              f"{1e6 * c2 / cn:.3f} on 2")
        print(f"  ratio vs NumPy batch (wall clock): C is {per * cn / c1:5.1f}x faster on 1 thread, "
              f"{per * cn / c2:5.1f}x on 2 (target >= 50x)")
        if "c_cpu_seconds_1thread" in timing:
            cc = timing["c_cpu_seconds_1thread"]
            print(f"  ratio vs NumPy batch (CPU time, 1 thread each): {res['batch'][3] * cn / cc:5.1f}x")


if __name__ == "__main__":
    main()
