"""The Dagster asset passes submissions and the period, and reports what it wrote."""

import datetime as dt

import dagster as dg
import openpyxl
import pandas as pd

from edu_pipeline.progress import TerminalProgress
from edu_pipeline.publish.assets import feedback_workbooks
from edu_pipeline.resources import PipelineSettings


def test_asset_writes_one_workbook_per_school_and_counts_those_that_sent_nothing(tmp_path):
    schools = pd.DataFrame({"school_code": ["66000101", "66000102", "66000103"],
                            "school_name": ["A", "B", "C"]})  # fmt: skip
    submissions = pd.DataFrame({
        "source_file": ["hs.xlsx"], "school_code": ["66000101"], "dataset": ["students"],
        "report_date": [dt.date(2026, 3, 10)], "on_time": [True], "rows": [30],
        "report_date_source": ["title"], "period": ["2026-Q1"],
        "deadline": [dt.date(2026, 3, 25)], "superseded_by": [None],
    })  # fmt: skip
    scores = pd.DataFrame(columns=["school_code", "dataset", "dimension", "checked", "passed"])
    settings = PipelineSettings(warehouse_dir=str(tmp_path), as_of="2026-03-30", workers=1)

    result = feedback_workbooks(
        settings=settings, progress=TerminalProgress(), dim_school=schools,
        dq_issues=pd.DataFrame(), dq_scorecard=scores, submissions=submissions,
    )  # fmt: skip

    assert isinstance(result, dg.MaterializeResult)
    assert result.metadata["workbooks"] == 3
    assert result.metadata["schools_with_nothing_submitted"] == 2
    assert result.metadata["folder"] == dg.MetadataValue.path(str(tmp_path / "feedback"))
    summary = openpyxl.load_workbook(tmp_path / "feedback" / "66000102.xlsx")["Tổng quan"]
    assert (summary["B5"].value, summary["B6"].value) == ("Quý 1/2026", "25/03/2026")
    assert summary["B7"].value == "30/03/2026"
    assert summary["A11"].value.endswith("Đã quá hạn nộp ngày 25/03/2026. Đề nghị nộp ngay.")
