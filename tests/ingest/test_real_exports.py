"""Real exports from the Ministry's system (read locally from ../shared, never bundled).

The files have no stated licence, so the project does not ship them; these tests read them
where a developer machine has them and skip with the reason elsewhere (CI).
"""

from pathlib import Path

import pytest

from edu_pipeline.ingest.parse import parse_file

REAL = Path(__file__).resolve().parents[3] / "shared" / "reference" / "real_exports"


def _real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine (unlicensed file, read locally only)")
    return path


def test_school_import_template_is_read_as_a_registry_row():
    parsed = parse_file(_real("Template_Truong_Hoc.xlsx"))
    sheet = parsed.sheet_report.set_index("sheet").loc["Sheet1"]
    assert (sheet["dataset"], sheet["rows"], sheet["header_row"]) == ("registry", 1, 4)
    row = parsed.records[parsed.records["sheet"] == "Sheet1"].iloc[0]
    assert (row["school_code"], row["level"], row["source_row"]) == ("64625417", "1", 5)


@pytest.mark.parametrize(
    "name",
    [
        "TinhHinhNopTatCaDuLieu-2021-10-01-1633079815511.xlsx",
        "11122020-9oPPLS-25_Bao_cao_can_bo_15092020.xlsx",
        "25012021-16vK7q-161121054027779_2020_bieu-02-th-dn.xlsx",
    ],
)
def test_reports_that_are_not_our_datasets_are_reported_not_misread(name):
    parsed = parse_file(_real(name))
    assert parsed.error is None
    assert parsed.records.empty
    assert set(parsed.sheet_report["status"]) <= {"unrecognized_dataset", "no_header"}
