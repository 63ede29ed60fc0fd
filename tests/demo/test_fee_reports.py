"""Fee-collection reports: some schools send one; its cells are what fees.csv says.

They are drawn from a random stream of their own, so every other file of a seed is the same
byte for byte as without them (checked against a run with no fee schools).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from edu_pipeline.demo import DemoSummary, fees, generate_province
from edu_pipeline.demo.fee_items import CASH, CHANNELS, FEE_DEFECTS, MIXED, TUITION
from edu_pipeline.demo.readback import read_rows, read_truth, tags_of
from tests.demo.test_determinism import fingerprint

NUMBERS = ("payers_total", "payers_cashless", "amount_total", "amount_cashless")
WORDING = {text: name for name, texts in fees.HEADERS.items() for text in texts}
FORMS = {  # amounts_<form> tag -> how a non-zero amount cell looks
    "number": re.compile(r"\d+"),
    "dots": re.compile(r"\d{1,3}(\.\d{3})+"),
    "dots_dong": re.compile(r"\d{1,3}(\.\d{3})+ đ"),
    "commas": re.compile(r"\d{1,3}(,\d{3})+"),
}


def parse(text: str) -> int | None:
    """A whole number as Vietnamese schools type it: 1250000, 1.250.000 (đ), 1,250,000."""
    text = text.removesuffix(" đ")
    if re.fullmatch(r"\d+|\d{1,3}([.,])\d{3}(\1\d{3})*", text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _fee_files(root: Path) -> list[dict[str, str]]:
    return [f for f in read_truth(root, "files") if f["dataset"] == "fees"]


def _sheet(root: Path, f: dict[str, str]) -> tuple[list[list[str]], int, list[str]]:
    """Rows of the report's one sheet, the header's index and the field of each column."""
    sheets = read_rows(root / f["source_file"], frozenset(tags_of(f)))
    assert list(sheets) == [f["sheets"]]
    rows = sheets[f["sheets"]]
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    fields = [WORDING[text] for text in rows[header] if text]
    return rows, header, fields


def test_some_registry_schools_send_a_report(province: tuple[Path, DemoSummary]) -> None:
    root, summary = province
    files = _fee_files(root)
    schools = {s["school_code"]: s for s in read_truth(root, "schools")}
    senders = {f["school_code"] for f in files}
    assert len(senders) == len(files) >= 3
    assert all(schools[code]["submits"] == "yes" for code in senders)  # not unknown, not missing
    assert 0.2 <= len(senders) / summary.submitting_schools <= 0.35
    assert summary.fee_files == len(files)
    assert summary.fee_lines == len(read_truth(root, "fees"))
    assert {f["source_file"].rsplit(".", 1)[1] for f in files} == {"xlsx", "xls", "csv"}
    assert all(f["report_date_source"] == "mtime" and f["readable"] == "yes" for f in files)


def test_other_files_do_not_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_fees = tmp_path / "with"
    generate_province(with_fees, schools=12, students_per_school=20, seed=5)
    monkeypatch.setattr(fees, "choose_fee_schools", lambda plan, rng: [])
    without = tmp_path / "without"
    summary = generate_province(without, schools=12, students_per_school=20, seed=5)
    assert summary.fee_files == summary.fee_lines == 0
    fee_paths = {f["source_file"] for f in _fee_files(with_fees)}
    assert len(fee_paths) >= 3
    first = fingerprint(with_fees)
    assert {k: v for k, v in first.items() if k not in fee_paths} == fingerprint(without)
    for name in ("people", "schools"):
        truth = f"_truth/{name}.csv"
        assert (with_fees / truth).read_bytes() == (without / truth).read_bytes()
    for name, is_fee in (
        ("defects", lambda r: r["kind"].startswith("fee_")),
        ("files", lambda r: r["dataset"] == "fees"),
    ):
        rows = read_truth(with_fees, name)
        assert [r for r in rows if not is_fee(r)] == read_truth(without, name)
        assert rows[-sum(map(is_fee, rows)) :] == [r for r in rows if is_fee(r)]  # appended
    assert not read_truth(without, "fees")


@pytest.mark.parametrize(("schools", "seed"), [(30, 2026), (5, 3), (8, 1)])
def test_every_defect_kind(tmp_path: Path, schools: int, seed: int) -> None:
    generate_province(tmp_path / "raw", schools=schools, students_per_school=30, seed=seed)
    root = tmp_path / "raw"
    defects = [d for d in read_truth(root, "defects") if d["kind"].startswith("fee_")]
    assert {d["kind"] for d in defects} == set(FEE_DEFECTS)
    if len(_fee_files(root)) >= len(FEE_DEFECTS):
        assert len({d["source_file"] for d in defects}) == len(FEE_DEFECTS)
    lines = {(r["source_file"], r["sheet"], r["source_row"]): r for r in read_truth(root, "fees")}
    for d in defects:
        assert d["finding"] == "yes" and d["source_row"]
        line = lines[(d["source_file"], d["sheet"], d["source_row"])]  # still a data row
        assert line[d["column"]] == ""  # the broken cell's truth is unknown
        expected = {
            "fee_amount_invalid": ("amount_total", "amount_cashless"),
            "fee_cashless_exceeds_total": ("amount_cashless",),
            "fee_item_missing": ("fee_item",),
        }[d["kind"]]
        assert d["column"] in expected


def test_cells_are_the_truth(root: Path) -> None:
    lines = defaultdict(list)
    for r in read_truth(root, "fees"):
        lines[r["source_file"]].append(r)
    broken = {
        (d["source_file"], d["source_row"], d["column"]): d
        for d in read_truth(root, "defects")
        if d["kind"].startswith("fee_")
    }
    schools = {s["school_code"]: s for s in read_truth(root, "schools")}
    checked = 0
    for f in _fee_files(root):
        rows, header, fields = _sheet(root, f)
        tags = tags_of(f)
        assert fields == [name for name in fees.HEADERS if name in fields]  # in the fixed order
        assert ("school_code" in fields) == ("school_code_column" in tags)
        if f["source_file"].startswith("Tong hop nop chung/"):
            assert "school_code" in fields
        title = [r[0] for r in rows[:4]]
        school_name = schools[f["school_code"]]["school_name"]
        assert title == ["SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK", title[1], fees.TITLE, "Quý I năm 2026"]
        assert title[1].casefold() == school_name.casefold()
        form = next(t.removeprefix("amounts_") for t in tags if t.startswith("amounts_"))
        for k, truth in enumerate(lines[f["source_file"]], start=1):
            assert int(truth["source_row"]) == header + 1 + k  # data lines follow the header
            cells = dict(zip(fields, rows[int(truth["source_row"]) - 1], strict=False))
            assert cells["stt"] == str(k)
            assert cells.get("school_code", truth["school_code"]) == truth["school_code"]
            for name in ("fee_item", "payment_channel", *NUMBERS):
                defect = broken.get((f["source_file"], truth["source_row"], name))
                if defect:
                    assert cells[name] == defect["raw_value"]
                    continue
                if name in NUMBERS:
                    assert parse(cells[name]) == int(truth[name]), (f, name)
                    if name.startswith("amount_") and int(truth[name]):
                        assert FORMS[form].fullmatch(cells[name]), (form, cells[name])
                else:
                    assert cells[name] == truth[name]
                checked += 1
    assert checked > 100


def test_invalid_amounts_are_not_numbers(root: Path) -> None:
    for d in read_truth(root, "defects"):
        if d["kind"] == "fee_amount_invalid":
            assert parse(d["raw_value"]) is None and d["raw_value"]
        if d["kind"] == "fee_cashless_exceeds_total":
            f = next(f for f in _fee_files(root) if f["source_file"] == d["source_file"])
            rows, _, fields = _sheet(root, f)
            cells = dict(zip(fields, rows[int(d["source_row"]) - 1], strict=False))
            assert parse(cells["amount_cashless"]) > parse(cells["amount_total"])


def test_totals_row_is_not_a_data_row(root: Path) -> None:
    data_rows = {(r["source_file"], int(r["source_row"])) for r in read_truth(root, "fees")}
    seen = 0
    for f in _fee_files(root):
        rows, header, fields = _sheet(root, f)
        totals = [i for i, r in enumerate(rows) if fees.TOTAL in r]
        if "total_row" not in tags_of(f):
            assert totals == []
            continue
        (index,) = totals
        assert (f["source_file"], index + 1) not in data_rows
        assert index == header + int(f["data_rows"]) + 1  # right under the last line
        cells = dict(zip(fields, rows[index], strict=False))
        assert cells["stt"] == "" and cells["fee_item"] == fees.TOTAL
        above = [dict(zip(fields, r, strict=False)) for r in rows[header + 1 : index]]
        for name in NUMBERS:
            typed = [parse(c[name]) for c in above]
            assert parse(cells[name]) == sum(v for v in typed if v is not None)
        seen += 1
    assert seen


def test_fee_truth_is_consistent(root: Path) -> None:
    schools = {s["school_code"]: s for s in read_truth(root, "schools")}
    students: dict[str, set[str]] = defaultdict(set)
    for p in read_truth(root, "people"):
        if p["dataset"] == "students":
            students[p["school_code"]].add(p["person_id"])
    per_file = Counter(r["source_file"] for r in read_truth(root, "fees"))
    assert {f["source_file"]: int(f["data_rows"]) for f in _fee_files(root)} == per_file
    assert all(3 <= n <= 7 for n in per_file.values())
    cash_schools: dict[str, bool] = {}
    for r in read_truth(root, "fees"):
        school = schools[r["school_code"]]
        n = {k: int(r[k]) for k in NUMBERS if r[k]}
        assert 0 <= n["payers_cashless"] <= n["payers_total"] <= len(students[r["school_code"]])
        assert all(v % 1000 == 0 for k, v in n.items() if k.startswith("amount_"))
        if "amount_cashless" in n and "amount_total" in n:
            assert n["amount_cashless"] <= n["amount_total"]
        if r["fee_item"] == TUITION:
            assert school["ownership"] != "Công lập" or school["level"] == "GDTX"
        assert r["payment_channel"] in CHANNELS
        cash = r["payment_channel"] in (CASH, MIXED)
        assert (n["payers_cashless"] < n["payers_total"]) == cash
        if "amount_cashless" in n and "amount_total" in n:
            assert (n["amount_cashless"] < n["amount_total"]) == cash
        if r["payment_channel"] == CASH:
            assert n["payers_cashless"] == 0
        cash_schools[r["school_code"]] = cash_schools.get(r["school_code"], False) or cash
    cashless = sum(not c for c in cash_schools.values())
    assert 0 < cashless < len(cash_schools)
    assert abs(cashless / len(cash_schools) - fees.CASHLESS_SHARE) <= 0.15


def test_same_seed_same_reports(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate_province(tmp_path / name, schools=10, students_per_school=20, seed=11)
    paths = {f["source_file"] for f in _fee_files(tmp_path / "a")}
    first, second = fingerprint(tmp_path / "a"), fingerprint(tmp_path / "b")
    assert paths and {p: first[p] for p in paths} == {p: second[p] for p in paths}
    truth = "_truth/fees.csv"
    assert (tmp_path / "a" / truth).read_bytes() == (tmp_path / "b" / truth).read_bytes()
