"""Quality assets: GX validation, submissions, the findings mart and the school scorecards."""

import hashlib
import json

import dagster as dg
import pandas as pd

from edu_pipeline.dedupe.findings import duplicate_findings, superseded_findings
from edu_pipeline.fingerprints import pipeline_code_version
from edu_pipeline.incremental import MEMO_ATTR
from edu_pipeline.partitions import school_partitions
from edu_pipeline.quality.data_docs import DATA_DOCS_DIR, build_data_docs
from edu_pipeline.quality.file_rules import file_issues
from edu_pipeline.quality.gx_parameters import default_parameters
from edu_pipeline.quality.gx_reuse import LocatedBefore, located_before
from edu_pipeline.quality.gx_runner import validate_frame
from edu_pipeline.quality.gx_suites import load_suite, suite_columns
from edu_pipeline.quality.periods import Period
from edu_pipeline.quality.school_rules import (
    ISSUE_COLUMNS,
    REQUIRED_DATASETS,
    school_issues,
    submissions_table,
)
from edu_pipeline.quality.scorecard import (
    combine_scores,
    province_scores,
    row_level_scores,
    school_level_scores,
    worst_schools,
)
from edu_pipeline.resources import PipelineSettings

GROUP = "quality"
FINDINGS_OUT = {"registry": "registry_findings", "students": "student_findings",
                "teachers": "teacher_findings", "fees": "fee_findings"}  # fmt: skip


@dg.multi_asset(
    group_name=GROUP,
    outs={
        **{
            name: dg.AssetOut(description=f"Lỗi theo dòng / Row findings of {dataset} (GX).")
            for dataset, name in FINDINGS_OUT.items()
        },
        "expectation_results": dg.AssetOut(
            description="Kết quả từng quy tắc / One row per expectation of every suite."
        ),
    },
)
def gx_validation(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    schools: pd.DataFrame,
    students: pd.DataFrame,
    teachers: pd.DataFrame,
    fees: pd.DataFrame,
):
    """Validate each dataset with its suite from `expectations/`; build the offline Data Docs."""
    parameters = default_parameters(settings.as_of_date, schools["school_code"].dropna())
    results, gx_results = [], {}
    frames = {"registry": schools, "students": students, "teachers": teachers, "fees": fees}
    for dataset, frame in frames.items():
        reuse = _located_before(settings, dataset, frame, parameters)
        outcome = validate_frame(frame, dataset, parameters, settings.expectations_path, reuse)
        results.append(outcome.expectation_results.assign(dataset=dataset))
        gx_results[dataset] = outcome.gx_results
        by_action = outcome.findings["action"].value_counts()
        reused = {}
        if reuse is not None:
            outcome.findings.attrs[MEMO_ATTR] = reuse.memo
            reused = {"rows_located_last_run": reuse.rows_reused}
        yield dg.Output(
            outcome.findings,
            FINDINGS_OUT[dataset],
            metadata={"findings": len(outcome.findings), **reused,
                      **{f"{a}": int(n) for a, n in by_action.items()}},
        )  # fmt: skip
        if outcome.checks_raised:
            context.log.warning(f"{dataset}: some expectations could not be evaluated")
    index = build_data_docs(
        gx_results, settings.expectations_path, settings.warehouse_path / DATA_DOCS_DIR,
        run_name=settings.as_of_date.isoformat(),
    )  # fmt: skip
    yield dg.Output(
        pd.concat(results, ignore_index=True),
        "expectation_results",
        metadata={"data_docs": dg.MetadataValue.path(str(index))},
    )


def _located_before(
    settings: PipelineSettings, dataset: str, frame: pd.DataFrame, parameters: dict
) -> LocatedBefore | None:
    """For the file-by-file datasets: the last run's findings of files that did not change."""
    if "source_file" not in frame.columns:
        return None
    suite = load_suite(dataset, settings.expectations_path)
    given = json.dumps(parameters, sort_keys=True, default=str).encode()
    key = "|".join([dataset, pipeline_code_version(settings.expectations_path),
                    hashlib.blake2b(given, digest_size=16).hexdigest()])  # fmt: skip
    previous = settings.stage_path / f"{FINDINGS_OUT[dataset]}.parquet"
    return located_before(frame, suite_columns(suite), key, previous)


@dg.asset(group_name=GROUP, description="Tệp đã nộp / One row per file and dataset read.")
def submissions(
    settings: PipelineSettings,
    file_report: pd.DataFrame,
    registry_rows: pd.DataFrame,
    student_rows: pd.DataFrame,
    teacher_rows: pd.DataFrame,
    fee_rows: pd.DataFrame,
) -> pd.DataFrame:
    period = Period.containing(settings.as_of_date)
    rows = {"registry": registry_rows, "students": student_rows, "teachers": teacher_rows,
            "fees": fee_rows}  # fmt: skip
    return submissions_table(file_report, rows, period)


@dg.asset(group_name=GROUP, description="Danh sách vấn đề / Every finding, pointing at its row.")
def dq_issues(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    file_report: pd.DataFrame,
    sheet_report: pd.DataFrame,
    submissions: pd.DataFrame,
    schools: pd.DataFrame,
    students: pd.DataFrame,
    teachers: pd.DataFrame,
    fees: pd.DataFrame,
    registry_findings: pd.DataFrame,
    student_findings: pd.DataFrame,
    teacher_findings: pd.DataFrame,
    fee_findings: pd.DataFrame,
    student_identities: pd.DataFrame,
    teacher_identities: pd.DataFrame,
) -> pd.DataFrame:
    period = Period.containing(settings.as_of_date)
    row_level = [
        _located(registry_findings, schools),
        _located(student_findings, students),
        _located(teacher_findings, teachers),
        _located(fee_findings, fees),
        _located(duplicate_findings(students, student_identities, "students"), students),
        _located(duplicate_findings(teachers, teacher_identities, "teachers"), teachers),
        _located(_superseded(students, student_identities, student_findings, "students"), students),
        _located(_superseded(teachers, teacher_identities, teacher_findings, "teachers"), teachers),
    ]
    parts = [
        file_issues(file_report, sheet_report),
        school_issues(submissions, schools["school_code"], period, settings.as_of_date),
        *row_level,
    ]
    issues = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    issues = issues.reindex(columns=[*ISSUE_COLUMNS, "row_id"])
    context.add_output_metadata({
        "findings": len(issues),
        **{f"dimension_{d}": int(n) for d, n in issues["dimension"].value_counts().items()},
        **{f"action_{a}": int(n) for a, n in issues["action"].value_counts().items()},
    })  # fmt: skip
    return issues


def _superseded(rows, identities, findings, dataset: str) -> pd.DataFrame:
    quarantined = findings.loc[findings["action"] == "quarantined", "row_id"]
    return superseded_findings(rows, identities, quarantined, dataset)


def _located(findings: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Row findings with the school, file, sheet and Excel row of the row they are about."""
    lineage = rows[["row_id", "school_code", "source_file", "sheet", "source_row"]]
    return findings.merge(lineage, on="row_id", how="left")


@dg.asset(
    group_name=GROUP,
    description="Điểm chất lượng theo trường / Score per school, dataset and dimension.",
)
def dq_scorecard(
    context: dg.AssetExecutionContext,
    schools: pd.DataFrame,
    students: pd.DataFrame,
    teachers: pd.DataFrame,
    fees: pd.DataFrame,
    expectation_results: pd.DataFrame,
    dq_issues: pd.DataFrame,
    submissions: pd.DataFrame,
) -> pd.DataFrame:
    row_findings = dq_issues[dq_issues["row_id"].notna()]
    dedupe_rules = pd.DataFrame({
        "rule": ["dedupe.duplicate_person", "dedupe.listed_by_two_schools"],
        "dimension": ["clean", "clean"],
    })  # fmt: skip
    parts = []
    frames = {"registry": schools, "students": students, "teachers": teachers, "fees": fees}
    for dataset, rows in frames.items():
        rules = expectation_results.loc[expectation_results["dataset"] == dataset,
                                        ["rule", "dimension"]]  # fmt: skip
        if dataset in REQUIRED_DATASETS:  # the lists of people are deduplicated
            rules = pd.concat([rules, dedupe_rules], ignore_index=True)
        findings = row_findings[row_findings["dataset"] == dataset]
        parts.append(row_level_scores(rows, rules, findings, dataset))
    school_findings = dq_issues[dq_issues["rule"].str.startswith("school.")]
    parts.append(
        school_level_scores(submissions, school_findings, schools["school_code"], REQUIRED_DATASETS)
    )
    scores = combine_scores(parts)
    names = schools.dropna(subset=["school_code"]).drop_duplicates("school_code")
    worst = worst_schools(scores, names.set_index("school_code")["school_name"])
    context.add_output_metadata({
        "schools": int(scores["school_code"].nunique()),
        "worst_schools": dg.MetadataValue.md(worst.to_markdown(index=False)),
    })  # fmt: skip
    return scores


@dg.asset(
    group_name=GROUP,
    description="Điểm chất lượng toàn tỉnh / Province roll-up of the scorecard per dataset and "
    "dimension, with the number of schools under the 95 % target.",
)
def dq_scorecard_province(
    context: dg.AssetExecutionContext, dq_scorecard: pd.DataFrame
) -> pd.DataFrame:
    province = province_scores(dq_scorecard)
    overall = province[province["dataset"] == "all"].set_index("dimension")
    context.add_output_metadata({
        **{f"score_{d}": round(float(s), 4) for d, s in overall["score"].dropna().items()},
        **{f"schools_below_target_{d}": int(n)
           for d, n in overall["schools_below_target"].items()},
    })  # fmt: skip
    return province


@dg.asset(
    group_name=GROUP,
    description="Danh mục trường / One row per school of the registry; each new code becomes a "
    "partition of the per-school view.",
)
def dim_school(
    context: dg.AssetExecutionContext, schools: pd.DataFrame, registry_findings: pd.DataFrame
) -> pd.DataFrame:
    quarantined = registry_findings.loc[registry_findings["action"] == "quarantined", "row_id"]
    usable = schools[~schools["row_id"].isin(quarantined) & schools["school_code"].notna()]
    usable = usable.sort_values(["report_date", "source_row"], ascending=[False, True])
    columns = ["school_code", "school_name", "level", "commune", "ownership", "cashless_fees",
               "address", "phone"]  # fmt: skip
    table = usable.drop_duplicates("school_code")[columns].sort_values("school_code")
    known = set(context.instance.get_dynamic_partitions(school_partitions.name))
    new = [code for code in table["school_code"] if code not in known]
    if new:  # a closed school keeps its partition: its history stays visible
        context.instance.add_dynamic_partitions(school_partitions.name, new)
    context.add_output_metadata({"schools": len(table), "new_partitions": len(new)})
    return table
