"""Normalize-stage time on the province-scale sample, and distinct-value throughput per rule.

The rows come from the ingest stage (its cache is reused across runs; ingest is not timed).
Each measurement runs in a fresh process, so the rules' word caches start cold as in a
nightly run: (1) `normalize_people` over all student rows, then staff rows; (2) each rule
alone over the distinct raw values of its column, the unit the stage maps once per value.
Figures are medians of `--repeat` runs.

Run: `.venv/bin/python benchmarks/bench_normalize.py --raw-dir /tmp/prov/raw [--repeat 3]
[--write]` (the province sample: `edu-pipeline demo-data --schools 1379
--students-per-school 528 --out /tmp/prov/raw`).
"""

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from markdown_report import write_section

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir
from edu_pipeline.normalize.people import normalize_people
from edu_pipeline.vietnamese.dates import parse_date
from edu_pipeline.vietnamese.emails import normalize_email
from edu_pipeline.vietnamese.ethnicity import normalize_ethnicity
from edu_pipeline.vietnamese.gender import normalize_gender
from edu_pipeline.vietnamese.ids import (
    normalize_citizen_id,
    normalize_id_column,
    normalize_moet_id,
)
from edu_pipeline.vietnamese.name_columns import names_frame
from edu_pipeline.vietnamese.names import name_problem, normalize_name, split_name
from edu_pipeline.vietnamese.phones import normalize_phone_column

SECTION = "## Normalize stage on the province-scale sample"
AS_OF = dt.date(2026, 3, 26)


def _names_column(values: list[str]) -> object:
    return names_frame(pd.Series(values, dtype=object), pd.Series([None] * len(values)))


def _names_one_by_one(values: list[str]) -> object:
    return [(split_name(n := normalize_name(v)), name_problem(n)) for v in values]


def _each(rule: Callable[[str], object]) -> Callable[[list[str]], object]:
    return lambda values: [rule(value) for value in values]


# (label, dataset, column, work over the column's distinct values) - what the stage runs
RULES: list[tuple[str, str, str, Callable[[list[str]], object]]] = [
    ("names (column path)", "students", "full_name", _names_column),
    ("names (one by one, for comparison)", "students", "full_name", _names_one_by_one),
    ("birth dates", "students", "birth_date", _each(parse_date)),
    ("genders", "students", "gender", _each(normalize_gender)),
    ("ethnic groups", "students", "ethnicity", _each(normalize_ethnicity)),
    ("personal IDs", "students", "citizen_id",
     lambda v: normalize_id_column(pd.Series(v), normalize_citizen_id, 12)),
    ("student IDs", "students", "moet_id",
     lambda v: normalize_id_column(pd.Series(v), normalize_moet_id, 10)),
    ("phones", "students", "phone", lambda v: normalize_phone_column(pd.Series(v))),
    ("e-mails", "teachers", "email", _each(normalize_email)),
]  # fmt: skip


def time_stage(rows_dir: str) -> dict[str, float]:
    """Seconds `normalize_people` takes per dataset, in this (fresh) process."""
    seconds = {}
    for dataset in ("students", "teachers"):
        rows = pd.read_parquet(Path(rows_dir) / f"{dataset}.parquet")
        started = time.perf_counter()
        normalize_people(rows, dataset, "old", AS_OF)
        seconds[dataset] = time.perf_counter() - started
    return seconds


def time_rules(rows_dir: str) -> dict[str, tuple[int, float]]:
    """(distinct values, seconds) of each rule over its column's distinct raw values."""
    results = {}
    for label, dataset, column, work in RULES:
        values = pd.read_parquet(Path(rows_dir) / f"{dataset}.parquet", columns=[column])
        distinct = values[column].dropna().unique().tolist()
        started = time.perf_counter()
        work(distinct)
        results[f"{label}: `{dataset}.{column}`"] = (len(distinct), time.perf_counter() - started)
    return results


def in_fresh_process(func: Callable, *args):
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(func, args)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    default_cache = Path(tempfile.gettempdir()) / "edu-bench-cache"
    parser.add_argument("--cache-dir", type=Path, default=default_cache)
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = parser.parse_args()
    result = ingest_files(args.raw_dir, scan_raw_dir(args.raw_dir), args.cache_dir,
                          workers=os.cpu_count() or 1)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="edu-bench-rows-") as rows_dir:
        for dataset in ("students", "teachers"):
            result.datasets[dataset].to_parquet(Path(rows_dir) / f"{dataset}.parquet")
        stage = [in_fresh_process(time_stage, rows_dir) for _ in range(args.repeat)]
        rules = [in_fresh_process(time_rules, rows_dir) for _ in range(args.repeat)]
    rows = {d: len(result.datasets[d]) for d in ("students", "teachers")}
    report = _report(args, rows, stage, rules)
    print(report)
    if args.write:
        write_section(SECTION, report)


def _report(args, rows: dict[str, int], stage: list[dict], rules: list[dict]) -> str:
    def stage_row(dataset: str) -> str:
        runs = [run[dataset] for run in stage]
        median = statistics.median(runs)
        times = ", ".join(f"{s:.1f}" for s in runs)
        speed = rows[dataset] / median
        return f"| {dataset} | {rows[dataset]:,} | {median:.1f} | {times} | {speed:,.0f} |"

    def rule_row(key: str) -> str:
        distinct = rules[0][key][0]
        median = statistics.median(run[key][1] for run in rules)
        return f"| {key} | {distinct:,} | {median:.2f} | {distinct / median:,.0f} |"

    return "\n".join([
        SECTION, "",
        f"Machine: {os.cpu_count()} cores. Data: `{args.raw_dir}` (rows from the ingest stage). "
        f"Median of {args.repeat} runs, each in a fresh process (cold word caches).", "",
        "| dataset | rows | normalize (s) | runs (s) | rows/s |",
        "|---|---|---|---|---|",
        stage_row("students"), stage_row("teachers"), "",
        "Each rule alone over the distinct raw values of its column (the stage maps each "
        "distinct value once):", "",
        "| column | distinct values | seconds | values/s |",
        "|---|---|---|---|",
        *[rule_row(key) for key in rules[0]], "",
        "Names = normalize + family/middle/given split + problem code. Reproduce: "
        f"`.venv/bin/python benchmarks/bench_normalize.py --raw-dir {args.raw_dir} --write`.", "",
    ])  # fmt: skip


if __name__ == "__main__":
    main()
