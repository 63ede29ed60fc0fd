"""Messages are cut into problem and fix at the advice; columns get the school's header."""

import json
from pathlib import Path

import pytest

from edu_pipeline.publish.feedback_text import as_text, column_label, split_message
from edu_pipeline.reference import issue_rules

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


def all_messages() -> list[str]:
    """Every Vietnamese message template the pipeline can send to a school."""
    messages = [rule["message_vi"] for rule in issue_rules().values()]
    for suite in sorted(EXPECTATIONS.glob("*.json")):
        expectations = json.loads(suite.read_text(encoding="utf-8"))["expectations"]
        messages += [e["meta"]["message_vi"] for e in expectations if "message_vi" in e["meta"]]
    return messages


@pytest.mark.parametrize(
    ("message", "problem", "fix"),
    [
        ("Thiếu giới tính. Đề nghị ghi «Nam» hoặc «Nữ».", "Thiếu giới tính.",
         "Đề nghị ghi «Nam» hoặc «Nữ»."),
        ("Số bị mất số 0; hệ thống đã thêm lại. Để không lặp lại, đề nghị định dạng Văn bản.",
         "Số bị mất số 0; hệ thống đã thêm lại.", "Để không lặp lại, đề nghị định dạng Văn bản."),
        ("Trang này không được đọc. Nếu có dữ liệu, đề nghị dùng mẫu.",
         "Trang này không được đọc.", "Nếu có dữ liệu, đề nghị dùng mẫu."),
        ("Tên có ký hiệu (ví dụ . , / -). Đề nghị chỉ ghi chữ.",
         "Tên có ký hiệu (ví dụ . , / -).", "Đề nghị chỉ ghi chữ."),
        ("Tên «Lê. Đề nghị sửa» sai. ĐỀ NGHỊ ghi lại.", "Tên «Lê. Đề nghị sửa» sai.",
         "ĐỀ NGHỊ ghi lại."),
        ("Chưa nộp. Hạn nộp là ngày 25/03/2026; đề nghị nộp đúng hạn.", "Chưa nộp.",
         "Hạn nộp là ngày 25/03/2026; đề nghị nộp đúng hạn."),
        ("Đề nghị gửi lại.", "", "Đề nghị gửi lại."),
        ("Hệ thống đã tự sửa.", "Hệ thống đã tự sửa.", ""),
        (None, "", ""),
    ],
)  # fmt: skip
def test_message_is_cut_at_the_sentence_that_advises(message, problem, fix):
    assert split_message(message) == (problem, fix)


@pytest.mark.parametrize("message", all_messages())
def test_every_real_message_has_a_problem_and_a_fix(message):
    problem, fix = split_message(message.replace("{value}", "Nguyễn. Văn"))
    assert problem and fix
    assert "đề nghị" in fix.lower() and "đề nghị" not in problem.lower()


@pytest.mark.parametrize(
    ("dataset", "column", "label"),
    [
        ("students", "raw_full_name", "Họ và tên"),
        ("students", "raw_citizen_id", "Số định danh cá nhân"),
        ("teachers", "raw_citizen_id", "Số CCCD"),
        ("registry", "raw_commune", "Xã/phường"),
        ("students", "moet_id", "Mã học sinh"),
        ("teachers", "report_date", "Ngày báo cáo"),
        ("file", "raw_citizen_id", "Số định danh cá nhân"),
        ("students", "raw_something_new", "something_new"),
        ("file", None, ""),
    ],
)
def test_column_label_is_the_header_the_school_knows(dataset, column, label):
    assert column_label(dataset, column) == label


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, None), (float("nan"), None), (84912345678.0, "84912345678"), (2.5, "2.5"),
     (7, "7"), ("  a ", "  a "), ("a\x00b", "a\ufffdb"), ("x" * 40_000, "x" * 32_767)],
)  # fmt: skip
def test_values_become_text_excel_can_hold(value, text):
    assert as_text(value) == text
