"""What a school typed never runs as a formula, and the feedback folder holds exactly one
workbook per registry school, each written whole."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from edu_pipeline.publish import feedback
from edu_pipeline.publish.feedback import write_feedback_workbooks
from edu_pipeline.quality.periods import Period

PERIOD = Period.containing(dt.date(2026, 3, 20))
CODE = "66000101"
SCORES = pd.DataFrame(columns=["school_code", "dataset", "dimension", "checked", "passed", "score"])
SUBMISSIONS = pd.DataFrame(
    columns=["source_file", "school_code", "dataset", "report_date", "on_time", "rows",
             "report_date_source", "period", "deadline", "superseded_by"]
)  # fmt: skip
RISKY = ["=SUM(A1)", "+84912345678", "-1", "@x", "\tabc", '=HYPERLINK("http://x")', "#N/A"]


def schools(*codes: str) -> pd.DataFrame:
    return pd.DataFrame({"school_code": list(codes), "school_name": [f"Trường {c}" for c in codes]})


def issue(value: str, **fields) -> dict:
    return {
        "dataset": "students", "school_code": CODE, "source_file": "hs.xlsx", "sheet": "6A1",
        "source_row": 5, "column_name": "raw_phone", "raw_value": value, "dimension": "correct",
        "rule": "students.phone.invalid", "severity": "error", "action": "flagged",
        "message": f"Số điện thoại «{value}» không hợp lệ. Đề nghị ghi số di động 10 chữ số.",
    } | fields  # fmt: skip


def write(tmp_path, issues, codes=(CODE,), **kwargs):
    return write_feedback_workbooks(
        schools(*codes), pd.DataFrame(issues), SCORES, SUBMISSIONS, tmp_path, PERIOD,
        as_of=dt.date(2026, 3, 20), **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize("value", RISKY)
@pytest.mark.parametrize(("field", "column"), [("raw_value", "E"), ("source_file", "A"),
                                               ("sheet", "B")])  # fmt: skip
def test_formula_like_text_from_schools_stays_text(tmp_path, value, field, column):
    write(tmp_path, [issue("0912", **{field: value})])
    cell = openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")["Học sinh"][f"{column}2"]
    assert cell.value == value
    assert cell.data_type == "s"
    assert cell.quotePrefix  # stays text even after the teacher edits the cell


def test_formula_like_text_inside_a_message_stays_text(tmp_path):
    write(tmp_path, [issue("x", message="=1+1. Đề nghị -sửa.")])
    sheet = openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")["Học sinh"]
    assert (sheet["F2"].value, sheet["F2"].data_type) == ("=1+1.", "s")
    assert (sheet["G2"].value, sheet["G2"].data_type) == ("Đề nghị -sửa.", "s")


def test_no_cell_of_any_sheet_is_a_formula(tmp_path):
    issues = [issue(value, source_row=5 + i) for i, value in enumerate(RISKY)]
    issues.append(issue("=2", rule="dedupe.id_conflict", column_name="moet_id"))
    write(tmp_path, issues)
    book = openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")
    types = {cell.data_type for sheet in book for row in sheet.iter_rows() for cell in row}
    assert "f" not in types and "s" in types
    assert book.sheetnames == ["Tổng quan", "Học sinh", "Trùng lặp"]


def test_carriage_return_start_is_text(tmp_path):
    write(tmp_path, [issue("\rabc")])
    cell = openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")["Học sinh"]["E2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == "\nabc"  # XML reads a raw CR back as a line feed; still plain text


def test_characters_excel_cannot_store_are_replaced_not_fatal(tmp_path):
    write(tmp_path, [issue("09\x0112\x1f")])
    cell = openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")["Học sinh"]["E2"]
    assert cell.value == "09\ufffd12\ufffd"


def test_workbooks_of_schools_that_left_the_registry_are_deleted(tmp_path):
    (tmp_path / "66999999.xlsx").write_bytes(b"old feedback")
    (tmp_path / f"{CODE}.xlsx").write_bytes(b"last run")
    (tmp_path / "66000102.xlsx.tmp").write_bytes(b"killed mid-write")
    (tmp_path / "README.txt").write_text("not a workbook")
    written = write(tmp_path, [issue("1")], codes=(CODE, "66000102"))
    assert written == [tmp_path / f"{CODE}.xlsx", tmp_path / "66000102.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".fingerprints.json", f"{CODE}.xlsx", "66000102.xlsx", "README.txt",
    ]  # fmt: skip
    assert openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx").sheetnames[0] == "Tổng quan"


def test_a_failed_save_leaves_the_previous_workbook_and_no_temp_file(tmp_path, monkeypatch):
    (tmp_path / f"{CODE}.xlsx").write_bytes(b"last run")

    real_save = openpyxl.Workbook.save

    def broken_save(self, filename):
        real_save(self, filename)  # the temp file is written…
        raise OSError("disk full")  # …but the rename never happens

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write(tmp_path, [issue("1")])
    assert [p.name for p in tmp_path.iterdir()] == [f"{CODE}.xlsx"]
    assert (tmp_path / f"{CODE}.xlsx").read_bytes() == b"last run"


@pytest.mark.parametrize("code", ["../66000101", "66/01", ""])
def test_a_school_code_unfit_for_a_file_name_stops_the_run(tmp_path, code):
    with pytest.raises(ValueError, match="file name"):
        write(tmp_path, [], codes=(code,))


def test_worker_processes_write_the_same_workbooks(tmp_path, monkeypatch):
    monkeypatch.setattr(feedback, "MIN_SCHOOLS_FOR_WORKERS", 2)
    codes = (CODE, "66000102", "66000103")
    issues = [issue(value, school_code=code) for code in codes for value in RISKY[:3]]
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    write(serial, issues, codes=codes, workers=1)
    write(parallel, issues, codes=codes, workers=2)
    for code in codes:
        one = openpyxl.load_workbook(serial / f"{code}.xlsx")
        two = openpyxl.load_workbook(parallel / f"{code}.xlsx")
        assert one.sheetnames == two.sheetnames
        for a, b in zip(one, two, strict=True):
            assert list(a.values) == list(b.values)
