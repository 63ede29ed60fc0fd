"""Dagster asset checks: the four quality dimensions, and the guards that stop publishing.

Dimension checks warn: data problems are findings for schools, not reasons to stop. The
blocking checks stop the run before `warehouse` when the data is unusable as a whole: no
registry, most files unreadable, or rows lost between reading and publishing.
"""

import dagster as dg
import pandas as pd

from edu_pipeline.quality.scorecard import DIMENSIONS, SCORE_TARGET
from edu_pipeline.reference import read_reference_csv

MAX_UNUSABLE_FILE_SHARE = 0.5
WORST_SCHOOLS = 10


def _dimension_labels() -> dict[str, str]:
    return {r["code"]: r["label_vi"] for r in read_reference_csv("dq_labels.csv")
            if r["kind"] == "dimension"}  # fmt: skip


def _dimension_check(dimension: str) -> dg.AssetChecksDefinition:
    label = _dimension_labels()[dimension]

    @dg.asset_check(
        asset="dq_scorecard",
        name=f"quality_{dimension}",
        description=f"Dữ liệu «{label}» ({dimension}): tỉ lệ kiểm tra đạt toàn tỉnh ≥ "
        f"{SCORE_TARGET:.0%}. Nếu không đạt: gửi tệp phản hồi cho các trường yếu nhất.",
    )
    def check(dq_scorecard: pd.DataFrame) -> dg.AssetCheckResult:
        scores = dq_scorecard[dq_scorecard["dimension"] == dimension]
        checked, passed = int(scores["checked"].sum()), int(scores["passed"].sum())
        province = passed / checked if checked else 1.0
        per_school = scores.groupby("school_code")[["checked", "passed"]].sum()
        per_school["score"] = per_school["passed"] / per_school["checked"]
        worst = per_school.sort_values("score").head(WORST_SCHOOLS).reset_index()
        worst["score"] = (100 * worst["score"]).round(1)
        return dg.AssetCheckResult(
            passed=province >= SCORE_TARGET,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "province_score": round(province, 4),
                "checked": checked,
                "failed": checked - passed,
                "worst_schools": dg.MetadataValue.md(worst.to_markdown(index=False)),
            },
        )

    return check


dimension_checks = [_dimension_check(d) for d in DIMENSIONS]


@dg.asset_check(
    asset="dim_school",
    blocking=True,
    description="Phải có danh mục trường / The registry must be present: without it no school "
    "code can be checked. Fix: put the registry file (danh mục cơ sở giáo dục) in the raw folder.",
)
def registry_present(dim_school: pd.DataFrame) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=len(dim_school) > 0, metadata={"schools": len(dim_school)})


@dg.asset_check(
    asset="file_report",
    blocking=True,
    description="Phần lớn tệp phải đọc được / Most files must be readable. Fix: look at the "
    f"unusable files listed; more than {MAX_UNUSABLE_FILE_SHARE:.0%} unusable means a wrong folder "
    "or a broken export.",
)
def files_readable(file_report: pd.DataFrame) -> dg.AssetCheckResult:
    unusable = int((file_report["status"] != "ok").sum())
    share = unusable / len(file_report) if len(file_report) else 1.0
    return dg.AssetCheckResult(
        passed=share <= MAX_UNUSABLE_FILE_SHARE,
        metadata={"files": len(file_report), "unusable": unusable, "share": round(share, 4)},
    )


def _row_accounting_check(singular: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=f"{singular}_source_rows",
        name="row_accounting",
        blocking=True,
        additional_ins={"dq_issues": dg.AssetIn("dq_issues")},
        description="Không mất dòng nào / Every row read has a person key or a quarantine "
        "finding. A failure is a pipeline bug: do not publish, report it to the developers.",
    )
    def check(source_rows: pd.DataFrame, dq_issues: pd.DataFrame) -> dg.AssetCheckResult:
        key = f"{singular}_key"
        quarantined = dq_issues.loc[
            (dq_issues["action"] == "quarantined") & dq_issues["row_id"].notna()
            & (dq_issues["dataset"] == f"{singular}s"), "row_id"
        ]  # fmt: skip
        lost = source_rows[source_rows[key].isna() & ~source_rows["row_id"].isin(quarantined)]
        return dg.AssetCheckResult(
            passed=lost.empty,
            metadata={"rows": len(source_rows), "keyed": int(source_rows[key].notna().sum()),
                      "quarantined": int(source_rows[key].isna().sum()), "lost": len(lost)},
        )  # fmt: skip

    return check


row_accounting_checks = [_row_accounting_check(s) for s in ("student", "teacher")]
