"""The summary says what the school sent for the period: on time, late, stale or not at all."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from edu_pipeline.publish.feedback import schools_without_submission, write_feedback_workbooks
from edu_pipeline.quality.periods import Period

PERIOD = Period.containing(dt.date(2026, 3, 20))  # Quý 1/2026, deadline 25/03/2026
BEFORE_DEADLINE, AFTER_DEADLINE = dt.date(2026, 3, 20), dt.date(2026, 3, 30)
CODE = "66000101"
SCHOOLS = pd.DataFrame({"school_code": [CODE], "school_name": ["Trường THCS Nguyễn Du"]})
SCORES = pd.DataFrame(columns=["school_code", "dataset", "dimension", "checked", "passed", "score"])
STUDENTS, TEACHERS = "Danh sách học sinh", "Danh sách cán bộ, giáo viên, nhân viên"


def submission(dataset="students", file="hs.xlsx", day=dt.date(2026, 3, 10), on_time=True,
               superseded_by=None, rows=30) -> dict:  # fmt: skip
    return {
        "source_file": file, "school_code": CODE, "dataset": dataset, "report_date": day,
        "on_time": on_time, "rows": rows, "report_date_source": "title", "period": PERIOD.label,
        "deadline": PERIOD.deadline, "superseded_by": superseded_by,
    }  # fmt: skip


def summary_of(tmp_path, submissions: list[dict], as_of=BEFORE_DEADLINE, issues=()):
    frame = pd.DataFrame(submissions, columns=list(submission()))
    write_feedback_workbooks(
        SCHOOLS, pd.DataFrame(list(issues)), SCORES, frame, tmp_path, PERIOD, as_of=as_of
    )
    return openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")["Tổng quan"]


def submission_table(summary) -> list[tuple]:
    """The rows under the «Tình hình nộp dữ liệu» header, up to the blank row."""
    rows = list(summary.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Tình hình nộp dữ liệu")
    assert rows[start] == (
        "Tình hình nộp dữ liệu", "Tệp", "Ngày báo cáo", "Số dòng", "Tình trạng", "Ghi chú",
    )  # fmt: skip
    table = []
    for row in rows[start + 1 :]:
        if row[0] is None:
            return table
        table.append(row)
    return table


def verdict(summary) -> list[str]:
    rows = [row[0] for row in summary.iter_rows(values_only=True)]
    start = rows.index("KẾT LUẬN") + 1
    return rows[start : rows.index(None, start)]


@pytest.mark.parametrize(
    ("sent", "status", "note"),
    [
        (submission(day=dt.date(2026, 3, 25)), "Đúng hạn", None),
        (submission(day=dt.date(2026, 3, 28), on_time=False), "Nộp muộn",
         "Sau hạn nộp 25/03/2026"),
        (submission(day=dt.date(2025, 12, 15), on_time=False), "Dữ liệu cũ (kỳ trước)",
         "Thuộc Quý 4/2025"),
        (submission(superseded_by="hs_moi.xlsx"), "Đã được thay bằng tệp nộp sau",
         "Thay bằng tệp «hs_moi.xlsx»"),
    ],
)  # fmt: skip
def test_each_file_received_has_its_status(tmp_path, sent, status, note):
    teachers = submission("teachers", "gv.xlsx", dt.date(2026, 3, 1), rows=12)
    table = submission_table(summary_of(tmp_path, [sent, teachers]))
    day = sent["report_date"].strftime("%d/%m/%Y")
    assert table[0] == (STUDENTS, "hs.xlsx", day, 30, status, note)
    assert table[-1] == (TEACHERS, "gv.xlsx", "01/03/2026", 12, "Đúng hạn", None)


@pytest.mark.parametrize(
    ("as_of", "advice"),
    [
        (BEFORE_DEADLINE, "Đề nghị nộp trước ngày 25/03/2026."),
        (PERIOD.deadline, "Đề nghị nộp trước ngày 25/03/2026."),  # the deadline day still counts
        (AFTER_DEADLINE, "Đã quá hạn nộp ngày 25/03/2026. Đề nghị nộp ngay."),
    ],
)
def test_a_missing_list_says_not_submitted_and_what_to_do(tmp_path, as_of, advice):
    summary = summary_of(tmp_path, [submission()], as_of=as_of)
    assert submission_table(summary) == [
        (STUDENTS, "hs.xlsx", "10/03/2026", 30, "Đúng hạn", None),
        (TEACHERS, None, None, None, "Chưa nộp", advice),
    ]
    assert verdict(summary)[0] == (
        f"Nhà trường chưa nộp danh sách cán bộ, giáo viên, nhân viên của kỳ Quý 1/2026. {advice}"
    )


def test_only_last_quarters_file_counts_as_not_submitted_this_period(tmp_path):
    stale = submission(day=dt.date(2025, 12, 15), on_time=False)
    table = submission_table(summary_of(tmp_path, [stale], as_of=AFTER_DEADLINE))
    assert [row[4] for row in table] == ["Dữ liệu cũ (kỳ trước)", "Chưa nộp", "Chưa nộp"]
    assert [row[0] for row in table] == [STUDENTS, STUDENTS, TEACHERS]


@pytest.mark.parametrize(
    ("as_of", "advice"),
    [
        (BEFORE_DEADLINE, "Đề nghị nộp trước ngày 25/03/2026."),
        (AFTER_DEADLINE, "Đã quá hạn nộp ngày 25/03/2026. Đề nghị nộp ngay."),
    ],
)
def test_school_that_sent_nothing_is_told_plainly(tmp_path, as_of, advice):
    summary = summary_of(tmp_path, [], as_of=as_of)
    assert verdict(summary) == [
        "Nhà trường chưa nộp dữ liệu nào của kỳ Quý 1/2026.",
        "Cần nộp danh sách học sinh và danh sách cán bộ, giáo viên, nhân viên. " + advice,
    ]
    assert submission_table(summary) == [
        (STUDENTS, None, None, None, "Chưa nộp", advice),
        (TEACHERS, None, None, None, "Chưa nộp", advice),
    ]


def test_school_whose_files_were_unreadable_is_pointed_at_the_files_sheet(tmp_path):
    unreadable = {
        "dataset": "file", "school_code": CODE, "source_file": "hs.xlsx", "sheet": None,
        "source_row": None, "column_name": None, "raw_value": None, "dimension": "complete",
        "rule": "file.password_protected", "severity": "error", "action": "quarantined",
        "message": "Tệp được đặt mật khẩu nên không đọc được. Đề nghị gỡ mật khẩu rồi gửi lại.",
    }  # fmt: skip
    summary = summary_of(tmp_path, [], issues=[unreadable])
    assert verdict(summary)[0] == (
        "Nhà trường chưa nộp dữ liệu nào của kỳ Quý 1/2026 "
        "(các tệp đã gửi không đọc được, xem trang «Tệp»)."
    )
    assert summary.parent.sheetnames == ["Tổng quan", "Tệp"]


def test_schools_without_submission_counts_registry_schools_that_sent_nothing():
    schools = pd.DataFrame({"school_code": [CODE, "66000102", "66000103"]})
    sent = pd.DataFrame([submission(), submission(file="x.xlsx") | {"school_code": "99999999"}])
    assert schools_without_submission(schools, sent) == 2


def test_a_fee_report_is_listed_when_sent_and_never_asked_for(tmp_path):
    lists = [submission(), submission("teachers", "gv.xlsx")]
    without = submission_table(summary_of(tmp_path / "a", lists))
    assert not any("thu phí" in str(row[0]).lower() for row in without)
    with_report = submission_table(
        summary_of(tmp_path / "b", [*lists, submission("fees", "thu phi.xlsx", rows=5)])
    )
    assert with_report[-1][:5] == ("Báo cáo thu phí không dùng tiền mặt", "thu phi.xlsx",
                                   "10/03/2026", 5, "Đúng hạn")  # fmt: skip
