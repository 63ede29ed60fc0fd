"""Every header wording the demo generator writes maps to the field it means."""

import csv
from importlib.resources import files

import pytest

from edu_pipeline.ingest.datasets import field_aliases
from edu_pipeline.ingest.headers import field_for_label

SUB_LABELS = {"Ngày", "Tháng", "Năm"}  # only meaningful under "Ngày sinh" (two-row headers)
GENERATOR_FIELD = {"stt": "row_number"}


def _variants() -> list[dict[str, str]]:
    source = files("edu_pipeline.demo").joinpath("header_variants.csv")
    with source.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["wording"] not in SUB_LABELS]


@pytest.mark.parametrize("row", _variants(), ids=lambda row: row["wording"])
def test_generator_wording_maps_to_its_field(row):
    found = field_for_label(row["wording"])
    if row["dataset"] in {"students", "teachers"}:  # "Tình trạng" depends on the dataset
        found = field_aliases(row["dataset"]).get(found, found)
    assert found == GENERATOR_FIELD.get(row["field"], row["field"])


def test_no_header_wording_starts_with_a_digit():
    """Header detection skips cells starting with a digit (numbers, dates) unread."""
    source = files("edu_pipeline.reference").joinpath("header_synonyms.csv")
    with source.open(encoding="utf-8") as handle:
        wordings = [row["wording"] for row in csv.DictReader(handle)]
    assert wordings
    assert not [wording for wording in wordings if wording.strip()[:1].isdigit()]
