#!/usr/bin/python3
"""The pandas baseline of bench_aggregate.sh: the aggregation of RULES.json
done the way an analyst would in pandas (read_csv of the columns the rules
use, boolean masks, groupby-sum), with SQL's three-valued logic for missing
values so the counts equal those of `indeks aggregate`.

    aggregate_pandas.py RULES.json PERSONS.csv OUT.csv
"""
import json
import sys

import pandas as pd


def columns(cond, out):
    for key, test in cond.items():
        if key in ("and", "or"):
            for c in test:
                columns(c, out)
        elif key == "not":
            columns(test, out)
        else:
            out.add(key)


def leaf(df, col, test):
    v = df[col]
    known = v.notna()
    if test is None:
        t = ~known
        return t, ~t
    if isinstance(test, (int, float)):
        t = v == test
    elif isinstance(test, list):
        lo, hi = test
        t = known
        if lo is not None:
            t = t & (v >= lo)
        if hi is not None:
            t = t & (v <= hi)
    else:
        t = v.isin(test["in"])
    t = t & known
    return t, known & ~t


def ev(df, cond):
    """(true, false) masks; rows in neither are unknown (a missing value)."""
    parts = []
    for key, test in cond.items():
        if key == "and" or key == "or":
            subs = [ev(df, c) for c in test]
            t, f = subs[0]
            for st, sf in subs[1:]:
                t, f = (t & st, f | sf) if key == "and" else (t | st, f & sf)
            parts.append((t, f))
        elif key == "not":
            t, f = ev(df, test)
            parts.append((f, t))
        else:
            parts.append(leaf(df, key, test))
    if not parts:
        true = pd.Series(True, index=df.index)
        return true, ~true
    t, f = parts[0]
    for st, sf in parts[1:]:
        t, f = t & st, f | sf
    return t, f


def main():
    rules_path, persons, out = sys.argv[1:4]
    with open(rules_path, encoding="utf-8") as fh:
        rules = json.load(fh)
    code = rules["municipality"]
    use = {code}
    for c in rules["criteria"]:
        columns(c["where"], use)
    df = pd.read_csv(persons, usecols=sorted(use))
    res = pd.DataFrame({rules.get("population", "indbyggere"): 1}, index=df.index)
    for c in rules["criteria"]:
        res[c["id"]] = ev(df, c["where"])[0].astype("int64")
    res.insert(0, "_code", df[code])
    counts = res.groupby("_code", sort=True).sum()
    counts.index.name = rules.get("code_name", "kommunekode")
    counts.to_csv(out, lineterminator="\n")


if __name__ == "__main__":
    main()
