"""Every export shape of the catalog parses into exactly the expected records, lineage included."""

import pandas as pd
import pytest
from export_shapes import SHAPES

from edu_pipeline.ingest.parse import parse_file


def _value(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_parses_exactly(tmp_path, name):
    case = SHAPES[name](tmp_path)
    parsed = parse_file(case.path)
    assert parsed.error is None
    records = parsed.records.to_dict("records")
    assert len(records) == len(case.expected), [r.get("full_name") for r in records]
    for record, expected in zip(records, case.expected, strict=True):
        assert {key: _value(record.get(key)) for key in expected} == expected


def test_the_catalog_covers_at_least_thirty_shapes():
    assert len(SHAPES) >= 30
