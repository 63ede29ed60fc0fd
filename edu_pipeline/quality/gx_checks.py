"""Our own GX → Dagster adapter: each suite in `expectations/` becomes asset checks.

`dagster-ge` is frozen on GX 0.x and pandas < 3, so this small adapter reads the suite JSON
and makes one Dagster check per dataset and dimension (``students_correct``,
``teachers_fresh`` …) on the dataset's findings asset: 14 readable checks instead of 85,
each listing its failed expectations, failing rows and worst schools. GX severity maps to
Dagster's:

- a group holding a ``critical`` expectation is a **blocking** check; it fails with ERROR
  (and stops publishing) when a critical expectation fails, i.e. when more rows than its
  ``1 - mostly`` fail and the dataset as a whole is unusable;
- otherwise a failure is WARN: row findings go to the schools, the run publishes;
- an expectation that raised (a column missing, a bad parameter) is an error of the check,
  not a data failure: its group gets no result and the step fails, so Dagster shows the
  check as "execution failed" with the reason.

Example (what `definitions.py` does)::

    checks = [gx_asset_checks(d, settings.expectations_path) for d in DATASETS]
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pandas as pd

from edu_pipeline.quality.gx_suites import suite_path

FINDINGS_ASSETS = {"registry": "registry_findings", "students": "student_findings",
                   "teachers": "teacher_findings", "fees": "fee_findings"}  # fmt: skip
ROWS_ASSETS = {"registry": "schools", "students": "students", "teachers": "teachers",
               "fees": "fees"}  # fmt: skip
DIMENSION_LABELS_VI = {"correct": "Đúng", "complete": "Đủ", "clean": "Sạch", "fresh": "Sống"}
WORST_SCHOOLS = 10
UNKNOWN_SCHOOL = "(không rõ)"
_WHAT_TO_DO = {
    True: "Nếu kiểm tra này lỗi (ERROR), phần lớn dữ liệu không dùng được nên chưa công bố: "
    "kiểm tra lại danh mục trường và mẫu tệp rồi chạy lại. / ERROR means the dataset as a "
    "whole is unusable (wrong registry or export template): fix the input, then re-run.",
    False: "Lỗi theo dòng được gửi cho từng trường trong tệp phản hồi; dữ liệu vẫn được công "
    "bố. / Row findings go to each school's feedback workbook; the run still publishes.",
}


@dataclass(frozen=True)
class DimensionGroup:
    """The expectations of one dataset and dimension, as the suite declares them."""

    dataset: str
    dimension: str
    rules: tuple[str, ...]
    critical_rules: tuple[str, ...]

    @property
    def check_name(self) -> str:
        return f"{self.dataset}_{self.dimension}"

    @property
    def blocking(self) -> bool:
        return bool(self.critical_rules)


def dimension_groups(dataset: str, expectations_dir: Path) -> list[DimensionGroup]:
    """Group a suite's expectations by dimension, reading only the JSON (no GX import).

    >>> from edu_pipeline.resources import REPO_EXPECTATIONS
    >>> [(g.check_name, g.blocking) for g in dimension_groups("registry", REPO_EXPECTATIONS)]
    [('registry_complete', True), ('registry_correct', False), ('registry_clean', False)]
    """
    suite = json.loads(suite_path(dataset, expectations_dir).read_text(encoding="utf-8"))
    rules: dict[str, list[str]] = {}
    critical: dict[str, list[str]] = {}
    for expectation in suite["expectations"]:
        meta = expectation["meta"]
        rules.setdefault(meta["dimension"], []).append(meta["rule"])
        if expectation.get("severity", "critical") == "critical":  # GX's default is critical
            critical.setdefault(meta["dimension"], []).append(meta["rule"])
    return [
        DimensionGroup(dataset, dimension, tuple(names), tuple(critical.get(dimension, ())))
        for dimension, names in rules.items()
    ]


def check_spec(group: DimensionGroup) -> dg.AssetCheckSpec:
    """The Dagster spec of one group: named, described in Vietnamese and English."""
    return dg.AssetCheckSpec(
        name=group.check_name,
        asset=FINDINGS_ASSETS[group.dataset],
        blocking=group.blocking,
        additional_deps=[ROWS_ASSETS[group.dataset], "expectation_results"],
        description=f"Dữ liệu «{DIMENSION_LABELS_VI[group.dimension]}» ({group.dimension}): "
        f"{len(group.rules)} quy tắc trong expectations/{group.dataset}.json. "
        f"{_WHAT_TO_DO[group.blocking]}",
    )


def evaluate_group(
    group: DimensionGroup,
    results: pd.DataFrame,
    findings: pd.DataFrame,
    schools_of_rows: pd.Series,
) -> dg.AssetCheckResult | None:
    """The group's check result from GX's expectation results; None when one raised.

    ``results``: the dataset's rows of `expectation_results`; ``findings``: its row findings;
    ``schools_of_rows``: school code by row id (for the worst schools).
    """
    mine = results[results["rule"].isin(group.rules)]
    if mine["raised_exception"].any():
        return None
    failed = mine[~mine["success"]]
    critical_failed = bool(failed["rule"].isin(group.critical_rules).any())
    rows = findings.loc[findings["rule"].isin(group.rules), "row_id"].dropna().unique()
    return dg.AssetCheckResult(
        asset_key=FINDINGS_ASSETS[group.dataset],
        check_name=group.check_name,
        passed=failed.empty,
        severity=dg.AssetCheckSeverity.ERROR if critical_failed else dg.AssetCheckSeverity.WARN,
        metadata={
            "rows_checked": int(mine["element_count"].max() or 0) if len(mine) else 0,
            "rows_with_findings": len(rows),
            "expectations": len(mine),
            "expectations_failed": len(failed),
            "failed_expectations": dg.MetadataValue.md(_rule_table(failed)),
            "worst_schools": dg.MetadataValue.md(_worst_schools(rows, schools_of_rows)),
        },
    )


def _rule_table(failed: pd.DataFrame) -> str:
    if failed.empty:
        return "_none_"
    table = failed[["rule", "severity", "unexpected_count", "element_count"]]
    return table.sort_values("unexpected_count", ascending=False).to_markdown(index=False)


def _worst_schools(failing_rows: object, schools_of_rows: pd.Series) -> str:
    """Schools with the largest share of failing rows (codes and counts only, no people)."""
    schools = schools_of_rows.fillna(UNKNOWN_SCHOOL)
    per_school = schools.value_counts().rename("rows")
    failing = schools.reindex(pd.Index(failing_rows)).fillna(UNKNOWN_SCHOOL).value_counts()
    table = pd.concat([per_school, failing.rename("failing_rows")], axis=1).dropna()
    if table.empty:
        return "_none_"
    table = table.astype({"rows": int, "failing_rows": int})
    table["share_%"] = (100 * table["failing_rows"] / table["rows"]).round(1)
    worst = table.sort_values(["share_%", "failing_rows"], ascending=False).head(WORST_SCHOOLS)
    return worst.rename_axis("school_code").reset_index().to_markdown(index=False)


def gx_asset_checks(dataset: str, expectations_dir: Path) -> dg.AssetChecksDefinition:
    """One multi-asset check per dataset evaluating all its dimension groups."""
    groups = dimension_groups(dataset, expectations_dir)

    @dg.multi_asset_check(
        name=f"{dataset}_gx_checks",
        specs=[check_spec(g) for g in groups],
        ins={
            "findings": dg.AssetIn(FINDINGS_ASSETS[dataset]),
            "rows": dg.AssetIn(ROWS_ASSETS[dataset]),
            "expectation_results": dg.AssetIn("expectation_results"),
        },
    )
    def checks(
        findings: pd.DataFrame, rows: pd.DataFrame, expectation_results: pd.DataFrame
    ) -> Iterator[dg.AssetCheckResult]:
        results = expectation_results[expectation_results["dataset"] == dataset]
        schools = rows.set_index("row_id")["school_code"]
        errored = []
        for group in groups:
            result = evaluate_group(group, results, findings, schools)
            if result is None:
                errored.append(group)
            else:
                yield result
        if errored:
            raise dg.Failure(description=_raised_message(errored, results))

    return checks


def _raised_message(groups: list[DimensionGroup], results: pd.DataFrame) -> str:
    rules = [r for g in groups for r in g.rules]
    raised = results[results["rule"].isin(rules) & results["raised_exception"]]
    lines = [f"- {r.rule}: {r.exception_message}" for r in raised.itertuples()]
    return (
        "Some expectations could not be evaluated (an error of the check, not of the data): "
        f"{', '.join(g.check_name for g in groups)}. Fix the suite or the normalize output "
        "(usually a column the rule reads is missing), then re-run.\n" + "\n".join(lines)
    )
