"""Data-quality benchmark: defects found per kind, false alarms on clean rows, GX time.

Run on a generated province whose ``_truth/`` says which defect was injected where, after a
pipeline run over it::

    .venv/bin/edu-pipeline demo-data --schools 1379 --students-per-school 528 --out /tmp/prov/raw
    .venv/bin/edu-pipeline run --raw-dir /tmp/prov/raw --warehouse-dir /tmp/prov/wh \\
        --as-of 2026-03-26
    .venv/bin/python benchmarks/bench_quality.py --raw-dir /tmp/prov/raw \\
        --warehouse-dir /tmp/prov/wh --repeat 3 --write

Three figures, each with the target of issue 6:
- recall per injected defect kind (target ≥ 95 % for every kind): a defect is found when a
  finding points at its row (or its file, or its school for school-level kinds);
- error-severity findings on clean rows (target ≤ 1 %): data rows where nothing was
  injected, excluding the rows of schools missing from the registry on purpose (those rows
  are rightly quarantined), that still got an error-severity row finding;
- GX validation time of all four suites on the run's normalized frames (target < 60 s),
  median of ``--repeat`` runs in this process (after one warm-up: GX's import and first
  validation are paid once per process), and the offline Data Docs build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.markdown_report import write_section  # noqa: E402
from edu_pipeline.demo.score import ROW_KEYS, score_warehouse  # noqa: E402
from edu_pipeline.quality.data_docs import build_data_docs  # noqa: E402
from edu_pipeline.quality.gx_parameters import default_parameters  # noqa: E402
from edu_pipeline.quality.gx_runner import validate_frame  # noqa: E402
from edu_pipeline.quality.gx_suites import DATASETS  # noqa: E402
from edu_pipeline.resources import REPO_EXPECTATIONS  # noqa: E402

TITLE = "## Data quality: defects found, false alarms, validation time"
RECALL_TARGET, FALSE_ALARM_TARGET, VALIDATION_TARGET_S = 0.95, 0.01, 60.0
STAGE_FRAMES = {"registry": "schools", "students": "students", "teachers": "teachers",
                "fees": "fees"}  # fmt: skip


def false_alarms(raw_dir: Path, warehouse_dir: Path) -> tuple[int, int]:
    """(clean rows, clean rows with an error-severity row finding); rows are the people and
    the fee-report lines."""
    truth = raw_dir / "_truth"
    people = pd.concat([pd.read_csv(truth / f"{name}.csv", dtype=str, keep_default_na=False)
                        for name in ("people", "fees")], ignore_index=True)  # fmt: skip
    defects = pd.read_csv(truth / "defects.csv", dtype=str, keep_default_na=False)
    schools = pd.read_csv(truth / "schools.csv", dtype=str, keep_default_na=False)
    registered = people["school_code"].isin(schools["school_code"])  # schools.csv: registry
    injected = defects.loc[defects["source_row"] != "", ROW_KEYS].drop_duplicates()
    clean = _anti_join(people[registered], injected)
    with duckdb.connect(str(warehouse_dir / "edu.duckdb"), read_only=True) as connection:
        errors = connection.execute(
            "SELECT DISTINCT source_file, coalesce(sheet, '') AS sheet, "
            "CAST(source_row AS VARCHAR) AS source_row FROM marts.dq_issues "
            "WHERE severity = 'error' AND source_row IS NOT NULL"
        ).df()
    hits = len(clean) - len(_anti_join(clean, errors))
    return len(clean), hits


def _anti_join(rows: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``rows`` whose (file, sheet, row) is not in ``other``."""
    merged = rows.merge(other[ROW_KEYS].astype(str), on=ROW_KEYS, how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge")


def time_validation(warehouse_dir: Path, as_of: dt.date, repeat: int) -> dict[str, object]:
    """Median seconds of validating all suites, and of building the Data Docs."""
    stage = warehouse_dir / "_stage"
    frames = {d: pd.read_parquet(stage / f"{STAGE_FRAMES[d]}.parquet") for d in DATASETS}
    parameters = default_parameters(as_of, frames["registry"]["school_code"].dropna())

    def validate_all() -> dict[str, tuple]:
        return {d: validate_frame(frames[d], d, parameters, REPO_EXPECTATIONS).gx_results
                for d in DATASETS}  # fmt: skip

    results = validate_all()  # warm-up: GX import and first validation
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        results = validate_all()
        runs.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as docs:
        started = time.perf_counter()
        build_data_docs(results, REPO_EXPECTATIONS, Path(docs) / "site", run_name="bench")
        docs_seconds = time.perf_counter() - started
    return {"rows": {d: len(f) for d, f in frames.items()}, "runs": runs, "docs": docs_seconds}


def report(raw_dir: Path, warehouse_dir: Path, as_of: dt.date, repeat: int) -> str:
    score = score_warehouse(raw_dir, warehouse_dir)
    kinds = score.defects.assign(recall=lambda f: f["found"] / f["expected"])
    kinds["meets_95%"] = kinds["recall"].map(lambda r: "yes" if r >= RECALL_TARGET else "NO")
    kinds["recall"] = kinds["recall"].map("{:.1%}".format)
    clean, alarms = false_alarms(raw_dir, warehouse_dir)
    timing = time_validation(warehouse_dir, as_of, repeat)
    median = statistics.median(timing["runs"])
    rows = ", ".join(f"{d} {n:,}" for d, n in timing["rows"].items())
    return "\n".join([
        TITLE, "",
        f"Machine: {platform.machine()}, {_cores()} cores, Python {platform.python_version()}. "
        f"Data: `{raw_dir}` ({score.rows_written:,} data rows, {len(kinds)} kinds of injected "
        f"defects), pipeline run with `--as-of {as_of}`.", "",
        f"- **Recall per defect kind** (target ≥ {RECALL_TARGET:.0%} each): "
        f"{int(kinds['found'].sum()):,} of {int(kinds['expected'].sum()):,} found overall "
        f"({score.defect_recall:.2%}); kinds under target: "
        f"{', '.join(kinds.loc[kinds['meets_95%'] == 'NO', 'kind']) or 'none'}.",
        f"- **Error-severity findings on clean rows** (target ≤ {FALSE_ALARM_TARGET:.0%}): "
        f"{alarms:,} of {clean:,} clean rows ({alarms / clean:.3%}).",
        f"- **GX validation of all four suites** (target < {VALIDATION_TARGET_S:.0f} s; "
        f"{rows} rows): median of {repeat} **{median:.1f} s** "
        f"(runs: {', '.join(f'{r:.1f}' for r in timing['runs'])}); offline Data Docs "
        f"build {timing['docs']:.1f} s.", "",
        kinds[["kind", "expected", "found", "recall", "meets_95%"]].to_markdown(index=False), "",
        "Reproduce: see the docstring of `benchmarks/bench_quality.py` (generate, run, then "
        "`bench_quality.py --raw-dir … --warehouse-dir … --repeat 3 --write`).", "",
    ])  # fmt: skip


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--warehouse-dir", type=Path, required=True)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 26))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = parser.parse_args()
    section = report(args.raw_dir, args.warehouse_dir, args.as_of, args.repeat)
    print(section)
    if args.write:
        write_section(TITLE, section)


if __name__ == "__main__":
    main()
