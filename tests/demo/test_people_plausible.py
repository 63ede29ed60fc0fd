"""Synthetic people are coherent: IDs, genders, ages and names agree with each other."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from edu_pipeline.demo.readback import read_truth

AS_OF = date(2026, 3, 20)
SCHOOL_YEAR = 2025


def _flagged(root: Path, kind: str) -> set[tuple[str, str, str]]:
    return {
        (d["source_file"], d["sheet"], d["source_row"])
        for d in read_truth(root, "defects")
        if d["kind"] == kind
    }


def test_citizen_ids_agree_with_gender_and_birth_year(root: Path) -> None:
    owners: dict[str, str] = {}
    for p in read_truth(root, "people"):
        cid = p["citizen_id"]
        if not cid:
            continue
        year = int(p["birth_date"][:4])
        assert len(cid) == 12 and cid.isdigit()
        century = 0 if year < 2000 else 2
        assert int(cid[3]) == century + (p["gender"] == "Nữ")
        assert cid[4:6] == f"{year % 100:02d}"
        assert owners.setdefault(cid, p["person_id"]) == p["person_id"]  # unique per person


def test_moet_ids_unique(root: Path) -> None:
    owners: dict[str, str] = {}
    for p in read_truth(root, "people"):
        if p["moet_id"]:
            assert len(p["moet_id"]) == 10 and p["moet_id"].isdigit()
            assert owners.setdefault(p["moet_id"], p["person_id"]) == p["person_id"]


def test_ages_fit_grades_and_jobs(root: Path) -> None:
    retired = _flagged(root, "past_retirement_age")
    for p in read_truth(root, "people"):
        born = date.fromisoformat(p["birth_date"])
        if p["dataset"] == "students":
            grade = p["grade"]
            age = SCHOOL_YEAR - born.year
            if grade.endswith("tuổi"):
                assert age == int(grade.split()[0]), p
            else:
                assert 5 + int(grade) <= age <= 5 + int(grade) + 3, p
        elif (p["source_file"], p["sheet"], p["source_row"]) not in retired:
            age = (AS_OF - born).days // 365
            assert 23 <= age <= 61, p
        else:
            age = (AS_OF - born).days // 365
            assert age >= (63 if p["gender"] == "Nam" else 59)


def test_highlands_names_and_genders(root: Path) -> None:
    seen = set()
    for p in read_truth(root, "people"):
        words = p["full_name"].split()
        if p["ethnicity"] in ("Ê-đê", "Mnông"):
            assert words[0] == ("Y" if p["gender"] == "Nam" else words[0])
            assert words[0].startswith("H'") == (p["gender"] == "Nữ")
            seen.add(p["ethnicity"])
        elif p["ethnicity"] == "Gia-rai":
            assert any(w.startswith("H'") for w in words) == (p["gender"] == "Nữ")
            seen.add(p["ethnicity"])
        elif p["ethnicity"] == "Kinh" and len(words) >= 3 and words[1] == "Thị":
            assert p["gender"] == "Nữ"
    assert seen == {"Ê-đê", "Mnông", "Gia-rai"}


def test_twins_are_different_people(root: Path) -> None:
    twins = {
        (d["source_file"], d["sheet"], d["source_row"]): d["person_id"]
        for d in read_truth(root, "defects")
        if d["kind"] == "twins"
    }
    by_row = {
        (p["source_file"], p["sheet"], p["source_row"]): p for p in read_truth(root, "people")
    }
    rows = sorted(twins, key=lambda k: (k[0], k[1], int(k[2])))
    assert len(rows) >= 2
    for a, b in zip(rows[::2], rows[1::2], strict=True):
        pa, pb = by_row[a], by_row[b]
        assert pa["person_id"] != pb["person_id"]
        assert pa["birth_date"] == pb["birth_date"] and pa["full_name"] != pb["full_name"]
        wa, wb = pa["full_name"].split(), pb["full_name"].split()
        if pa["ethnicity"] in ("Ê-đê", "Mnông"):  # clan last: "H'Yim Niê" / "Y Wang Niê"
            assert wa[-1] == wb[-1]
        elif pa["ethnicity"] == "Gia-rai":  # clan first: "Ksor H'Bia" / "Ksor Y Tiêng"
            assert wa[0] == wb[0]
        else:  # same family and middle name, different given name
            assert wa[:-1] == wb[:-1]


def test_duplicates_share_person_ids(root: Path) -> None:
    ids = {
        (p["source_file"], p["sheet"], p["source_row"]): p["person_id"]
        for p in read_truth(root, "people")
    }
    for d in read_truth(root, "defects"):
        if d["kind"].startswith("duplicate_"):
            pid = ids[(d["source_file"], d["sheet"], d["source_row"])]
            same = [k for k, v in ids.items() if v == pid and k[0] == d["source_file"]]
            assert len(same) >= 2
