#!/usr/bin/python3
"""Peer of `scaling-laws inspect FILE` (bench/ingest.bench.mjs): what a pandas user runs to load a
log, pandas.read_csv or pandas.read_json(lines=True), then the same summary inspect prints, so the
bench can check that both read the same table: row count, numeric columns with min and max, and
the number of distinct values of the 'run' column.

Usage: read_table_pandas.py csv|jsonl FILE   -> JSON on stdout
"""
import json
import sys

import pandas as pd

kind, path = sys.argv[1], sys.argv[2]
df = pd.read_csv(path) if kind == "csv" else pd.read_json(path, lines=True)
num = {c: {"min": float(df[c].min()), "max": float(df[c].max())} for c in df.columns if df[c].dtype.kind in "fiu"}
json.dump({"rows": int(len(df)), "numeric": num, "runs": int(df["run"].nunique()) if "run" in df else None, "pandas": pd.__version__}, sys.stdout)
