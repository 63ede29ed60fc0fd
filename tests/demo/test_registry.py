"""The schools registry lists every school (codes 66/54 + 6 digits, real communes)."""

from __future__ import annotations

import csv
from pathlib import Path

from python_calamine import CalamineWorkbook

from edu_pipeline.demo import data
from edu_pipeline.demo.readback import read_truth


def test_registry_rows_match_truth(root: Path) -> None:
    schools = read_truth(root, "schools")
    assert len(schools) == 30
    wb = CalamineWorkbook.from_path(str(root / schools[0]["registry_file"]))
    rows = wb.get_sheet_by_index(0).to_python()
    communes = {c.full_name for c in data.communes()}
    for s in schools:
        row = rows[int(s["registry_row"]) - 1]
        assert row[1] == s["school_code"] and row[2] == s["school_name"]
        assert len(s["school_code"]) == 8 and s["school_code"][:2] in ("66", "54")
        assert s["commune"] in communes


def test_missing_schools_sent_nothing(root: Path) -> None:
    schools = read_truth(root, "schools")
    missing = {s["school_code"] for s in schools if s["submits"] == "no"}
    assert 1 <= len(missing) <= 2
    sent = {f["school_code"] for f in read_truth(root, "files")}
    assert not missing & sent
    flagged = {
        d["school_code"] for d in read_truth(root, "defects") if d["kind"] == "missing_submission"
    }
    assert flagged == missing


def test_unknown_school_folder_not_in_registry(root: Path) -> None:
    codes = {s["school_code"] for s in read_truth(root, "schools")}
    unknown = {
        d["raw_value"] for d in read_truth(root, "defects") if d["kind"] == "unknown_school_code"
    }
    assert unknown and not unknown & codes


def test_communes_file_is_dak_lak_after_2025() -> None:
    path = Path(data.__file__).parent / "communes_dak_lak.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 102
    assert {r["former_province"] for r in rows} == {"54", "66"}
