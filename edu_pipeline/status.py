"""`edu-pipeline status`: what the UI shows, on the command line.

The last runs (from the Dagster instance when `DAGSTER_HOME` is set), the published release
and, per school, what it sent, the rows taken and the scores: read from the published
warehouse, so it answers even while a run is building the next release. Counts only.
"""

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd

from edu_pipeline.progress import bar
from edu_pipeline.publish.releases import SCHEMA, current_version, list_releases
from edu_pipeline.publish.school_view import DIMENSIONS, SchoolFacts, school_facts

RUNS_SHOWN = 5
MARTS = ("dim_school", "submissions", "student_source_rows", "teacher_source_rows",
         "dq_issues", "dq_scorecard")  # fmt: skip
UNUSABLE_FILES = f"""SELECT DISTINCT source_file, school_code, 'unusable' AS status,
    rule AS reason FROM {SCHEMA}.dq_issues WHERE rule LIKE 'file.%'"""


def print_status(warehouse_dir: Path, school: str | None = None) -> bool:
    """Print the status; False when nothing was published yet."""
    _print_runs()
    version = current_version(warehouse_dir)
    if version is None:
        print(f"warehouse  nothing published yet in {warehouse_dir}")
        return False
    release = next(r for r in list_releases(warehouse_dir) if r.version == version)
    print(f"warehouse  release {version}, as of {release.as_of}, {warehouse_dir / 'edu.duckdb'}")
    facts = published_facts(warehouse_dir)
    if school:
        if school not in facts:
            print(f"school     {school} is not in the published registry")
            return True
        _print_school(facts[school])
        return True
    _print_schools(facts)
    return True


def published_facts(warehouse_dir: Path) -> dict[str, SchoolFacts]:
    """Per-school facts of the published release."""
    with duckdb.connect(str(warehouse_dir / "edu.duckdb"), read_only=True) as connection:
        frames = {t: connection.execute(f"SELECT * FROM {SCHEMA}.{t}").df() for t in MARTS}
        unusable = connection.execute(UNUSABLE_FILES).df()
    rows = pd.concat([frames["student_source_rows"], frames["teacher_source_rows"]])
    return school_facts(frames["dim_school"], frames["submissions"], unusable, rows,
                        frames["dq_issues"], frames["dq_scorecard"])  # fmt: skip


def _print_runs() -> None:
    if not os.environ.get("DAGSTER_HOME"):
        print("runs       (set DAGSTER_HOME to see the run history of the Dagster instance)")
        return
    import dagster as dg

    records = dg.DagsterInstance.get().get_run_records(limit=RUNS_SHOWN)
    print(f"runs       last {len(records)} of the Dagster instance:")
    for record in records:
        run = record.dagster_run
        stamp = record.start_time or record.create_timestamp.timestamp()
        started = dt.datetime.fromtimestamp(stamp)
        target = run.tags.get("dagster/partition", "")
        print(f"  {started:%Y-%m-%d %H:%M}  {run.job_name:<18} {target:<9} {run.status.value}")


def _print_schools(facts: dict[str, SchoolFacts]) -> None:
    print(f"schools    {len(facts):,} (lowest score first)")
    print(f"  {'code':<9} {'files':>5} {'rows':>7} {'quar.':>5}  "
          + " ".join(f"{d[:5]:>6}" for d in DIMENSIONS) + "  name")  # fmt: skip
    ordered = sorted(facts.values(), key=lambda f: min(f.scores.values(), default=2.0))
    for f in ordered:
        scores = " ".join(_pct(f.scores.get(d)) for d in DIMENSIONS)
        print(f"  {f.code:<9} {len(f.files):>5} {sum(f.rows.values()):>7,} "
              f"{f.rows.get('quarantined', 0):>5}  {scores}  {f.name}")  # fmt: skip


def _print_school(f: SchoolFacts) -> None:
    print(f"school     {f.code} {f.name}")
    for file in f.files.itertuples(index=False):
        print(f"  file     {file.source_file} ({file.dataset or '-'}, {file.rows} rows): "
              f"{file.status}")  # fmt: skip
    if f.files.empty:
        print("  file     nothing sent this period")
    print("  rows     " + ", ".join(f"{n:,} {s}" for s, n in sorted(f.rows.items())))
    for d in DIMENSIONS:
        score = f.scores.get(d)
        drawn = bar(round(1000 * score), 1000, 20) if score is not None else " " * 20
        print(f"  {d:<8} {drawn} {_pct(score)}  {f.findings.get(d, 0):,} findings")


def _pct(score: float | None) -> str:
    return "     -" if score is None else f"{100 * score:5.1f}%"
