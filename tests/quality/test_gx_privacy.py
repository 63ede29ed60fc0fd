"""No personal values (names, ID numbers, birth dates) in logs or exception messages."""

from __future__ import annotations

import logging

import pandas as pd

from edu_pipeline.quality.gx_quiet import redact
from edu_pipeline.quality.gx_runner import validate_frame

SECRET_NAME = "Nguyễn Thị Bí Mật"
SECRET_ID = "066309123456"
SECRET_BIRTH = "29/02/2011"


def test_logs_carry_counts_not_values(caplog, gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame("students", 5)
    at = df["row_id"] == 1002
    df.loc[at, ["name_problem", "raw_full_name"]] = ["has_symbols", SECRET_NAME + "!"]
    df.loc[at, ["citizen_id_problem", "raw_citizen_id"]] = ["year_mismatch", SECRET_ID]
    df.loc[at, ["birth_date_problem", "raw_birth_date"]] = ["invalid_date", SECRET_BIRTH]
    df.loc[at, "birth_date"] = pd.NaT
    # a check that raises too: GX logs caught metric errors
    df = df.drop(columns=["ethnicity_problem"])

    with caplog.at_level(logging.DEBUG):
        outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)

    assert len(outcome.findings) == 3  # the values are in the data product…
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (SECRET_NAME, SECRET_ID, SECRET_BIRTH, "2011"):
        assert secret not in logged  # …and nowhere in the logs
    assert "gx students: 5 rows" in logged
    assert not [r for r in caplog.records if r.name.startswith("great_expectations")]


def test_exception_messages_are_redacted():
    message = (
        "Cannot compare 'Nguyễn Văn An' born 2015-09-05 with id 066215000001; "
        'The column "birth_date" in BatchData does not exist.'
    )
    cleaned = redact(message, allowed={"birth_date"})
    assert "Nguyễn" not in cleaned and "066215000001" not in cleaned and "2015" not in cleaned
    assert '"birth_date"' in cleaned
    assert redact(None) is None
    assert len(redact("x" * 5000)) <= 400
