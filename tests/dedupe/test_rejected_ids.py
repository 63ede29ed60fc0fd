"""An ID a GX rule found wrong (digits against birth date/gender) links nobody."""

import pandas as pd
import pytest

from edu_pipeline.dedupe.identity import valid_ids, with_rejected_ids


def _problems(people: pd.DataFrame) -> list[str | None]:
    return [v if isinstance(v, str) else None for v in people["citizen_id_problem"]]


def _people() -> pd.DataFrame:
    return pd.DataFrame({
        "row_id": [1, 2, 3],
        "citizen_id": ["066214000101", "066214000102", None],
        "citizen_id_problem": [None, None, "bad_length"],
    })  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "action", "rejected"),
    [
        ("students.citizen_id.year_mismatch", "flagged", "year_mismatch"),
        ("students.citizen_id.gender_mismatch", "flagged", "gender_mismatch"),
        ("students.citizen_id.leading_zero_restored", "fixed", None),  # a repair, not a doubt
    ],
)
def test_flagged_id_is_no_longer_valid(rule, action, rejected):
    findings = pd.DataFrame({"row_id": [2], "column_name": ["raw_citizen_id"],
                             "rule": [rule], "action": [action]})  # fmt: skip
    people = with_rejected_ids(_people(), findings)
    assert _problems(people) == [None, rejected, "bad_length"]
    valid = valid_ids(people, "citizen_id").tolist()
    assert valid[0] == "066214000101" and pd.isna(valid[1]) == (rejected is not None)


def test_findings_on_other_columns_leave_ids_alone():
    findings = pd.DataFrame(
        {
            "row_id": [1],
            "column_name": ["raw_full_name"],
            "rule": ["students.full_name.has_digits"],
            "action": ["flagged"],
        }
    )
    assert _problems(with_rejected_ids(_people(), findings)) == [None, None, "bad_length"]
