"""Each truth row points at the row a school sees: the name there is the truth person's."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from edu_pipeline.demo.readback import (
    clean_name,
    decode_csv,
    read_rows,
    read_truth,
    row_names,
    tags_of,
)
from edu_pipeline.demo.textstyle import old_tone_style


def _name_defects(root: Path) -> set[tuple[str, str, str]]:
    return {
        (d["source_file"], d["sheet"], d["source_row"])
        for d in read_truth(root, "defects")
        if d["column"] == "full_name"
    }


def test_name_cell_at_source_row_is_the_truth_person(root: Path) -> None:
    files = {f["source_file"]: f for f in read_truth(root, "files")}
    skip = _name_defects(root)
    checked = 0
    for p in read_truth(root, "people"):
        tags = frozenset(tags_of(files[p["source_file"]]))
        cells = read_rows(root / p["source_file"], tags)[p["sheet"]][int(p["source_row"]) - 1]
        if (p["source_file"], p["sheet"], p["source_row"]) in skip:
            continue
        assert clean_name(p["full_name"]) in row_names(cells, tags), p
        checked += 1
    assert checked > 3000


def test_defective_names_are_what_truth_says(root: Path) -> None:
    files = {f["source_file"]: f for f in read_truth(root, "files")}
    for d in read_truth(root, "defects"):
        if d["column"] != "full_name" or d["kind"] == "lossy_encoding":
            continue
        tags = frozenset(tags_of(files[d["source_file"]]))
        cells = read_rows(root / d["source_file"], tags)[d["sheet"]][int(d["source_row"]) - 1]
        if d["kind"] == "missing_required":
            continue
        assert clean_name(d["raw_value"], tags) in row_names(cells, tags), d


def test_csv_source_row_is_the_physical_line(root: Path) -> None:
    files = {f["source_file"]: f for f in read_truth(root, "files")}
    skip = _name_defects(root)
    for p in read_truth(root, "people"):
        f = files[p["source_file"]]
        if "csv" not in tags_of(f) or (p["source_file"], "", p["source_row"]) in skip:
            continue
        text = decode_csv((root / p["source_file"]).read_bytes(), tags_of(f))
        line = text.split("\r\n")[int(p["source_row"]) - 1]
        given = p["full_name"].rsplit(" ", 1)[-1]
        words = " ".join(re.split(r"[\s;,\t]+", line))  # a name may touch its delimiter
        assert old_tone_style(given).casefold() in old_tone_style(words).casefold(), (p, line)


def test_row_counts_per_file(root: Path) -> None:
    per_file = Counter(r["source_file"] for t in ("people", "fees") for r in read_truth(root, t))
    for f in read_truth(root, "files"):
        if f["dataset"] == "registry":
            continue
        assert per_file.get(f["source_file"], 0) == int(f["data_rows"])
        if f["readable"] == "yes" and f["dataset"] in ("students", "teachers"):
            assert int(f["data_rows"]) > 0


def test_same_person_same_truth_values(root: Path) -> None:
    seen: dict[str, tuple[str, str, str]] = {}
    for p in read_truth(root, "people"):
        values = (p["full_name"], p["birth_date"], p["citizen_id"])
        assert seen.setdefault(p["person_id"], values) == values
        assert unicodedata.is_normalized("NFC", p["full_name"])
