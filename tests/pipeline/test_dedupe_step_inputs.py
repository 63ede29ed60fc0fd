"""The dedupe steps filter only the columns they read (`LINKAGE_INPUTS`, `IDENTITY_INPUTS`):
on a province the real command ran, they give what the whole rows give."""

import pandas as pd
import pytest

from edu_pipeline.dedupe.assets import _eligible
from edu_pipeline.dedupe.identity import (
    IDENTITY_INPUTS,
    current_people_only,
    identify,
    with_rejected_ids,
)
from edu_pipeline.dedupe.linkage import LINKAGE_INPUTS, decide_pairs, model_path, predict_pairs

PEOPLE = [("students", "student", "HS", False), ("teachers", "teacher", "GV", True)]
PAIR = ["row_id_l", "row_id_r"]


def _stage(cli_run, name: str) -> pd.DataFrame:
    return pd.read_parquet(cli_run.warehouse / "_stage" / f"{name}.parquet")


def _whole_rows(rows: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    quarantined = findings.loc[findings["action"] == "quarantined", "row_id"]
    return with_rejected_ids(rows[~rows["row_id"].isin(quarantined)], findings)


def _pairs(people: pd.DataFrame, dataset: str) -> pd.DataFrame:
    pairs = decide_pairs(predict_pairs(people, model_path(dataset)), people)
    return pairs.sort_values(PAIR, ignore_index=True)  # splink's order varies with threads


@pytest.mark.parametrize(("dataset", "singular", "prefix", "across_schools"), PEOPLE)
def test_the_columns_a_step_reads_give_the_whole_rows_result(
    cli_run, dataset, singular, prefix, across_schools
):
    rows, findings = _stage(cli_run, dataset), _stage(cli_run, f"{singular}_findings")
    whole = _whole_rows(rows, findings)
    for_linkage = _eligible(rows, findings, LINKAGE_INPUTS)
    for_identities = _eligible(rows, findings, IDENTITY_INPUTS)
    assert len(for_linkage.columns) < len(rows.columns)

    pairs = _pairs(whole, dataset)
    pd.testing.assert_frame_equal(_pairs(for_linkage, dataset), pairs)
    links = pairs[pairs["decision"] == "link"]
    expected = current_people_only(identify(whole, prefix, links, across_schools), whole)
    assert expected["person_key"].nunique() < len(expected)  # rows were merged
    found = identify(for_identities, prefix, links, across_schools)
    pd.testing.assert_frame_equal(current_people_only(found, for_identities), expected)
