"""The short summary `edu-pipeline run` prints: what was read, who was found, how good it is.

Figures come from the published warehouse (so the summary shows what analysts will see) and
the file report of the run; only counts, never personal data. Scores are drawn as bars.
"""

from dataclasses import dataclass, field

import dagster as dg
import duckdb
import pandas as pd

from edu_pipeline.progress import bar
from edu_pipeline.publish.feedback import FEEDBACK_DIR, labels
from edu_pipeline.publish.releases import Release, current_release
from edu_pipeline.publish.report import KPI_LABELS
from edu_pipeline.publish.warehouse import DATABASE_NAME, PARQUET_DIR, SCHEMA
from edu_pipeline.quality.data_docs import DATA_DOCS_DIR
from edu_pipeline.quality.periods import Period
from edu_pipeline.resources import PipelineSettings


@dataclass
class RunOutcome:
    """Whether the run published, and if not, why (plain words, no personal data)."""

    published: bool
    settings: PipelineSettings
    problems: list[str] = field(default_factory=list)
    unchanged: Release | None = None  # nothing changed: this published release stands

    @classmethod
    def from_result(cls, result: dg.ExecuteInProcessResult, defs: dg.Definitions) -> "RunOutcome":
        settings = defs.resources["settings"]
        materialized = {
            e.asset_key.to_user_string() for e in result.get_asset_materialization_events()
        }
        problems = [
            f"check '{e.check_name}' on {e.asset_key.to_user_string()} failed: "
            + _check_description(defs, e.asset_check_key)
            for e in result.get_asset_check_evaluations()
            if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
        ]
        # Error texts can quote data, so only the stage and the error type are printed here;
        # the Dagster run log keeps the details for developers.
        problems += [
            _step_failure(e) for e in result.get_step_failure_events()
            if e.event_specific_data.error.cls_name != "DagsterAssetCheckFailedError"
        ]  # fmt: skip
        if "raw_file_inventory" not in materialized and not problems:
            release = current_release(settings.warehouse_path)
            return cls(release is not None, settings, problems, unchanged=release)
        return cls("warehouse" in materialized and not problems, settings, problems)


def _step_failure(event: dg.DagsterEvent) -> str:
    """A Failure we raised says what to do (paths only); other errors only name their type."""
    data = event.event_specific_data
    said = data.user_failure_data.description if data.user_failure_data else None
    return f"stage '{event.step_key}' failed: {said}" if said else (
        f"stage '{event.step_key}' failed ({data.error.cls_name})")


def _check_description(defs: dg.Definitions, key: dg.AssetCheckKey) -> str:
    spec = defs.resolve_asset_graph().get_check_spec(key)
    return " ".join((spec.description or "").split())


def print_summary(outcome: RunOutcome, seconds: float) -> None:
    """Print the run summary to stdout."""
    settings = outcome.settings
    period = Period.containing(settings.as_of_date)
    if not outcome.published:
        print(f"\nedu-pipeline: NOT published after {seconds:.1f} s (as of {settings.as_of_date}).")
        for problem in outcome.problems:
            print(f"  - {problem}")
        print("  The last published warehouse was left as it was.")
        return
    database = settings.warehouse_path / DATABASE_NAME
    with duckdb.connect(str(database), read_only=True) as connection:
        facts = _facts(connection, period)
    files = pd.read_parquet(settings.stage_path / "file_report.parquet")
    unusable = int((files["status"] != "ok").sum())
    if outcome.unchanged:
        print(f"\nedu-pipeline: nothing changed (files, settings, code) — release "
              f"{outcome.unchanged.version} stands; checked in {seconds:.1f} s "
              "(--force rebuilds it)")  # fmt: skip
    else:
        print(f"\nedu-pipeline: published in {seconds:.1f} s — as of {settings.as_of_date}, "
              f"period {period.label_vi} (deadline {period.deadline:%d/%m/%Y})")  # fmt: skip
    print(f"  files      {len(files):,} read, {unusable:,} not usable")
    for label, rows, people, merged, quarantined in facts["people"]:
        print(f"  {label:<10} {rows:,} rows → {people:,} people "
              f"({merged:,} merged, {quarantined:,} quarantined)")  # fmt: skip
    print(
        f"  schools    {facts['schools']:,} in registry; submitted this period: "
        f"students {facts['sent']['students']:,}, staff {facts['sent']['teachers']:,}"
    )
    fees = facts["fees"]
    print(f"  fees       {fees['reports']:,} reports from {fees['schools']:,} schools, "
          f"{fees['lines']:,} lines ({fees['superseded']:,} superseded, "
          f"{fees['quarantined']:,} quarantined)")  # fmt: skip
    counts = " · ".join(f"{d} {n:,}" for d, n in facts["findings"].items())
    print(f"  findings   {counts or 'none'}")
    print("  quality    (share of checks passed, whole province)")
    for dimension, label in labels("dimension").items():
        score = facts["scores"].get(dimension)
        if score is not None:
            print(f"    {label:<5} {bar(round(1000 * score), 1000, 30)} {100 * score:5.1f}%")
    print("  plan 2026  (province indicators, numerator / denominator)")
    for kpi, numerator, denominator, value in facts["kpis"]:
        shown = "   n/a" if value is None else f"{100 * value:5.1f}%"
        print(f"    {KPI_LABELS.get(kpi, kpi):<42} {bar(round(1000 * (value or 0)), 1000, 20)} "
              f"{shown}  {numerator:,} / {denominator:,}")  # fmt: skip
    print(f"  warehouse  {database} (+ {PARQUET_DIR}/)")
    print(f"  feedback   {settings.warehouse_path / FEEDBACK_DIR}/ "
          f"({facts['schools']:,} workbooks, one per school)")  # fmt: skip
    print(f"  data docs  {settings.warehouse_path / DATA_DOCS_DIR / 'index.html'} (offline)")


def _facts(connection: duckdb.DuckDBPyConnection, period: Period) -> dict:
    def scalar(sql: str) -> int:
        return int(connection.execute(sql).fetchone()[0])

    people = []
    for label, singular in (("students", "student"), ("staff", "teacher")):
        rows = connection.execute(
            f"SELECT count(*), count(DISTINCT {singular}_key), "
            f"count(*) FILTER (row_status = 'merged'), "
            f"count(*) FILTER (row_status = 'quarantined') FROM {SCHEMA}.{singular}_source_rows"
        ).fetchone()
        people.append((label, rows[0], rows[1], rows[2], rows[3]))
    sent = dict(connection.execute(
        f"SELECT dataset, count(DISTINCT school_code) FROM {SCHEMA}.submissions "
        "WHERE report_date >= ? GROUP BY dataset", [period.start]
    ).fetchall())  # fmt: skip
    findings = dict(connection.execute(
        f"SELECT dimension, count(*) FROM {SCHEMA}.dq_issues GROUP BY dimension ORDER BY dimension"
    ).fetchall())  # fmt: skip
    scores = dict(connection.execute(
        "SELECT dimension, sum(passed) / sum(checked) "
        f"FROM {SCHEMA}.dq_scorecard GROUP BY dimension"
    ).fetchall())  # fmt: skip
    fees = connection.execute(
        f"SELECT count(DISTINCT source_file), count(DISTINCT school_code) FILTER "
        f"(row_status = 'published'), count(*), count(*) FILTER (row_status = 'superseded'), "
        f"count(*) FILTER (row_status = 'quarantined') FROM {SCHEMA}.fct_fee_collection"
    ).fetchone()
    kpis = connection.execute(
        f"SELECT kpi, numerator, denominator, value FROM {SCHEMA}.kpi_province ORDER BY kpi"
    ).fetchall()
    return {
        "fees": dict(zip(("reports", "schools", "lines", "superseded", "quarantined"), fees,
                         strict=True)),
        "kpis": kpis,
        "people": people,
        "schools": scalar(f"SELECT count(*) FROM {SCHEMA}.dim_school"),
        "sent": {"students": sent.get("students", 0), "teachers": sent.get("teachers", 0)},
        "findings": findings,
        "scores": scores,
    }
