# Prints the expected standard output of this case (python3, stdlib only):
# COINr's formulas worked out independently (see cmd). The statistics
# block: min, max, mean, median, sd (n - 1), e1071 type-2 skew and kurtosis.
import math, statistics
n = 20
i1 = [0.0] * 19 + [7.0]
i2 = [float(k) for k in range(1, 21)]
def mm(c):
    lo, hi = min(c), max(c)
    return [(x - lo) * ((100 - 0) / (hi - lo)) + 0 for x in c]
a, b = mm(i1), mm(i2)
idx = [(1 * a[k] + 1 * b[k]) / 2 for k in range(n)]
order = sorted(range(n), key=lambda k: (-idx[k], k))
def num(x):
    r = repr(float(x))
    return r[:-2] if r.endswith('.0') else r
def skew_kurt(c):
    m = sum(c) / n
    d2 = sum((x - m) ** 2 for x in c); d3 = sum((x - m) ** 3 for x in c); d4 = sum((x - m) ** 4 for x in c)
    g1 = math.sqrt(n) * d3 / d2 ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2)
    r = n * d4 / d2 ** 2
    g2 = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return g1, g2
print("uCode,uName,Rank,IDX,Coverage,Imputed")
for pos, k in enumerate(order):
    print(f"U{k+1},U{k+1},{pos+1},{num(idx[k])},1,0")
print()
print("iCode,min,max,mean,median,sd,skew,kurt,missing,treatment")
for code, c, tr in (("i1", i1, "untreated (winsorising would leave it constant)"), ("i2", i2, "none")):
    g1, g2 = skew_kurt(c)
    vals = [min(c), max(c), sum(c) / n, statistics.median(c), statistics.stdev(c), g1, g2]
    print(code + "," + ",".join(num(v) for v in vals) + ",0," + tr)
