import pandas as pd
import pytest


def people_frame(rows: list[dict]) -> pd.DataFrame:
    """Normalized people rows with defaults for what a test does not care about."""
    defaults = {
        "source_file": "66000101/hs.xlsx", "sheet": "DS", "school_code": "66000101",
        "report_date": pd.Timestamp("2026-03-20"), "citizen_id": None, "citizen_id_problem": None,
        "moet_id": None, "moet_id_problem": None, "gender": "Nam", "class_name": "6A1",
        "grade": 6, "phone": None, "superseded_by": None,
    }  # fmt: skip
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame.insert(0, "row_id", range(len(frame)))
    frame["source_row"] = frame.get("source_row", pd.Series(range(2, len(frame) + 2)))
    frame["birth_date"] = pd.to_datetime(frame["birth_date"])
    return frame


@pytest.fixture
def people():
    return people_frame
