"""Probabilistic linkage with splink: rows without a shared ID that are still one person.

Deterministic links (`identity.py`) join rows sharing a valid ID or an unmistakable name and
birth date. What remains are the near-duplicates a person recognises at a glance and a rule
does not: a given name typed "Hũng" for "Hùng", a birth date with day and month swapped,
"Thủy" in one list and "Thuỷ" in the other. splink (Fellegi-Sunter, DuckDB backend; the same
model runs on Spark at national scale) weighs how much each agreeing field says, with
term-frequency adjustments: family names are few (Nguyễn is a third of the province), so the
given and middle names carry most of the evidence.

The model (comparisons, blocking rules and the trained m/u parameters) is one JSON file per
dataset in `dedupe/models/`, retrained by `edu-pipeline train-linkage`.

Example::

    pairs = predict_pairs(people, model_path("students"))
    pairs[["row_id_l", "row_id_r", "match_probability"]]
"""

from __future__ import annotations

import logging
import tempfile
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.database_api import DatabaseAPI

# splink 5 raises this from an internal module only; it becomes our `NotEnoughPairs`.
from splink.internals.exceptions import EMTrainingException

from edu_pipeline.dedupe.identity import valid_ids
from edu_pipeline.vietnamese.text import fold_ascii, fold_key
from edu_pipeline.vietnamese.vectorize import map_distinct

COMPARED = ["given_key", "given_ascii", "middle_ascii", "family_ascii", "birth_date",
            "gender", "school_code", "class_name"]  # fmt: skip
# What `linkage_frame` and `decide_pairs` read of a person row (the columns the step filters).
LINKAGE_INPUTS = (
    "row_id", "given_name", "middle_name", "family_name", "birth_date", "gender", "school_code",
    "class_name", "citizen_id", "citizen_id_problem", "moet_id", "moet_id_problem",
)  # fmt: skip
# Where the model looks for pairs: within a school by given name, birth date or family +
# middle name; across schools only by the full name and birth year, or the given name and the
# exact birth date. Blocking on a birth date alone would compare every child born that day in
# the province (hundreds of millions of pairs at national scale).
BLOCKING_RULES = [
    block_on("school_code", "given_ascii"),
    block_on("school_code", "birth_date"),
    block_on("school_code", "family_ascii", "middle_ascii"),
    block_on("family_ascii", "middle_ascii", "given_ascii", "substr(birth_date, 1, 4)"),
    block_on("given_ascii", "birth_date"),
]
# A pair the model scores at least this high is one person, unless a guard below says no.
MATCH_PROBABILITY = 0.99
# Pairs between this and MATCH_PROBABILITY go to an officer (`dedupe_review`).
REVIEW_PROBABILITY = 0.5
# Gamma levels (splink numbers levels from the last, "else" = 0; a missing value = -1).
SAME_GIVEN_LETTERS = 2  # given name equal, or equal but for diacritics / tone style
SIMILAR_BIRTH_DATE = 1  # birth date equal, day and month swapped, or one digit apart
# Each comparison: its Vietnamese name for officers, and its top gamma (full agreement).
COMPARISONS = {
    "given_name": ("tên", 3), "middle_ascii": ("tên đệm", 2), "family_ascii": ("họ", 1),
    "birth_date": ("ngày sinh", 3), "gender": ("giới tính", 1), "school_code": ("trường", 1),
    "class_name": ("lớp", 1),
}  # fmt: skip


_SWAPPED_DAY_MONTH = (
    "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
    "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
    "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
)


def model_path(dataset: str) -> Path:
    """The trained model committed with the package for `students` or `teachers`."""
    return Path(str(files("edu_pipeline.dedupe").joinpath("models", f"{dataset}.json")))


def linkage_settings() -> SettingsCreator:
    """Comparisons made for Vietnamese names and school lists, and the blocking rules."""
    given = cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given_ascii"),
            cll.ExactMatchLevel("given_key", term_frequency_adjustments=True),
            cll.ExactMatchLevel("given_ascii").configure(
                label_for_charts="Same letters, other diacritics"
            ),
            cll.JaroWinklerLevel("given_ascii", 0.9),
            cll.ElseLevel(),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel(_SWAPPED_DAY_MONTH, label_for_charts="Day and month swapped"),
            cll.LevenshteinLevel("birth_date", 1),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="row_id",
        comparisons=[
            given,
            cl.JaroWinklerAtThresholds("middle_ascii", [0.9]),
            cl.ExactMatch("family_ascii").configure(term_frequency_adjustments=True),
            birth,
            cl.ExactMatch("gender"),
            cl.ExactMatch("school_code"),
            cl.ExactMatch("class_name"),
        ],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_matching_columns=True,
    )


def linkage_frame(people: pd.DataFrame) -> pd.DataFrame:
    """The columns the model compares, one row per person row (`row_id` is the id).

    Name keys are computed once per distinct name; every column is built as Arrow text (the
    birth date as its ISO day), not converted from Python objects: ~0.3 s instead of 1.2 s
    on a province's 735,000 pupils.
    """
    columns = {"given_key": _text(map_distinct(people["given_name"], fold_key))}
    for part in ("given", "middle", "family"):
        folded = map_distinct(people[f"{part}_name"], lambda t: fold_ascii(t).lower())
        columns[f"{part}_ascii"] = _text(folded)
    birth = pa.array(pd.to_datetime(people["birth_date"]), from_pandas=True)
    columns["birth_date"] = pd.array(birth.cast(pa.date32()).cast(pa.string()), dtype="string")
    for column in ("gender", "school_code", "class_name"):
        present = column in people
        columns[column] = people[column].astype("string").array if present else None
    frame = pd.DataFrame({"row_id": people["row_id"].to_numpy(), **columns})
    return frame.astype({c: "string" for c in COMPARED})


def _text(values: pd.Series) -> pd.arrays.StringArray:
    return pd.array(pa.array(values.to_numpy(), type=pa.string(), from_pandas=True), "string")


def predict_pairs(
    people: pd.DataFrame,
    model: Path | dict,
    threshold: float = REVIEW_PROBABILITY,
    db_api: DatabaseAPI | None = None,
) -> pd.DataFrame:
    """Candidate pairs scored by the trained model, at or above `threshold`.

    Columns: `row_id_l`, `row_id_r`, `match_probability`, `match_weight` and one `gamma_*`
    per comparison (which level the pair reached; -1 = a value missing).

    `db_api` is the splink backend the pairs are computed on. None, as the pipeline runs, is
    an in-memory DuckDB on this machine; another backend (splink's `SparkAPI`) lets the same
    function link a table too big for one machine (docs/scale-out.md). The committed models
    are written in DuckDB's SQL: another backend needs the model as a dict translated to its
    dialect (`benchmarks/spark_linkage.py` does it for Spark and compares the pairs).

    Example::

        api = SparkAPI(spark_session=spark)
        pairs = predict_pairs(people, spark_model, db_api=api)
    """
    linker = _linker(people, model, db_api)
    pairs = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    return pairs.as_pandas_dataframe()


def train_model(people: pd.DataFrame, out_path: Path, seed: int = 7) -> dict:
    """Estimate the model from unlabelled rows and save it as JSON.

    u (how often fields agree by chance) from random pairs; m (how often they agree for one
    person) by expectation-maximisation, on pairs blocked by birth date then by full name so
    each comparison is trained while another one holds the pairs together.
    """
    linker = _linker(people, linkage_settings())
    try:
        _estimate(linker, seed)
    except EMTrainingException as error:
        raise NotEnoughPairs(str(error).splitlines()[0]) from None
    return linker.misc.save_model_to_json(str(out_path), overwrite=True)


class NotEnoughPairs(ValueError):
    """Too few rows share a school and birth date, or a full name, to estimate the model."""


def _estimate(linker: Linker, seed: int) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_key", "middle_ascii", "family_ascii", "birth_date")], recall=0.9
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in (block_on("school_code", "birth_date"),
                 block_on("family_ascii", "middle_ascii", "given_ascii")):  # fmt: skip
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


def _linker(
    people: pd.DataFrame,
    model: Path | dict | SettingsCreator,
    db_api: DatabaseAPI | None = None,
) -> Linker:
    """A splink linker over `people` on `db_api` (None: DuckDB, set up as below).

    A given backend is used as its caller configured it: a Spark session's temp dirs and
    parallelism are the cluster's business, not this module's.
    """
    if db_api is None:
        api = DuckDBAPI()
        # DuckDB spills to `.tmp` under the working directory by default: keep it out of the repo.
        spill = Path(tempfile.gettempdir()) / "edu_pipeline_splink"
        api.duckdb_con.execute(f"SET temp_directory = '{spill.as_posix()}'")
        api.duckdb_con.execute("SET threads = 2")
    else:
        api = db_api
    settings = str(model) if isinstance(model, Path) else model
    frame = api.register(linkage_frame(people), dataset_display_name="people")
    return Linker(frame, settings, log_level=logging.ERROR)


def decide_pairs(pairs: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Each scored pair with `decision`: `link`, `review` or `apart`, and the evidence.

    Guards no score overrides (documented in docs/dedupe.md):
    - two different valid personal ID numbers, or Ministry student IDs, are two people;
    - a given name that differs by more than its diacritics is another person: twins share
      family and middle name, birth date, school and class, and differ only there, so a typo
      in a given name is for an officer to confirm, never merged alone;
    - a birth date that is not equal, swapped or one digit off is another person.
    """
    decided = pairs[["row_id_l", "row_id_r", "match_probability"]].copy()
    conflict = _id_conflict(pairs, people)
    strong = (pairs["gamma_given_name"] >= SAME_GIVEN_LETTERS) & (
        pairs["gamma_birth_date"] >= SIMILAR_BIRTH_DATE
    )
    decided["decision"] = "review"
    decided.loc[strong & (pairs["match_probability"] >= MATCH_PROBABILITY), "decision"] = "link"
    decided.loc[conflict | (pairs["gamma_birth_date"] == 0), "decision"] = "apart"
    gammas = pairs[[f"gamma_{field}" for field in COMPARISONS]].to_numpy()
    top = [level for _, level in COMPARISONS.values()]
    decided["fields_equal"] = _fields_where(gammas == top, decided.index)
    decided["fields_similar"] = _fields_where((gammas > 0) & (gammas < top), decided.index)
    decided["fields_different"] = _fields_where(gammas == 0, decided.index)
    return decided


def _id_conflict(pairs: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    conflict = pd.Series(False, index=pairs.index)
    for column in ("citizen_id", "moet_id"):
        if column not in people:
            continue
        valid = valid_ids(people, column)
        ids = pd.Series(valid.to_numpy(), index=people["row_id"].to_numpy())
        left = ids.reindex(pairs["row_id_l"]).to_numpy()
        right = ids.reindex(pairs["row_id_r"]).to_numpy()
        conflict |= pd.notna(left) & pd.notna(right) & (left != right)
    return conflict


def _fields_where(mask: np.ndarray, index: pd.Index) -> pd.Series:
    """Vietnamese names of the compared fields where `mask` holds: "tên, ngày sinh"."""
    labels = [label for label, _ in COMPARISONS.values()]
    return pd.Series(
        [", ".join(label for label, on in zip(labels, row, strict=True) if on) for row in mask],
        index=index,
    )
