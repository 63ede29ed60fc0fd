"""Custom Great Expectations rules that no built-in expectation can say.

A personal ID number (số định danh cá nhân, 12 digits ``PPP G YY NNNNNN``) encodes the
birth century and sex in ``G`` (0/1: born 1900-1999 male/female, 2/3: 2000-2099 …) and the
last two digits of the birth year in ``YY``. Whether those digits agree with the row's birth
date and gender is a rule across three columns, so it is a multicolumn map expectation; the
comparison itself is the pure function :func:`edu_pipeline.vietnamese.ids.citizen_id_mismatches`.

The suites name it ``expect_citizen_id_to_agree_with_birth_date_and_gender`` with
``column_list: [citizen_id, birth_date, gender]`` and ``part`` one of ``gender``, ``century``,
``year``; importing this module registers it with GX (``gx_runner`` does so before loading
a suite)::

    {"type": "expect_citizen_id_to_agree_with_birth_date_and_gender",
     "kwargs": {"column_list": ["citizen_id", "birth_date", "gender"], "part": "year"}}
"""

from __future__ import annotations

from typing import ClassVar, Literal

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    MulticolumnMapMetricProvider,
    multicolumn_condition_partial,
)

from edu_pipeline.vietnamese.ids import citizen_id_mismatches

AGREES_METRIC = "multicolumn_values.citizen_id_agrees"


class MulticolumnValuesCitizenIdAgrees(MulticolumnMapMetricProvider):
    """True where the ID's ``part`` agrees with the row (or cannot be checked: a null)."""

    condition_metric_name = AGREES_METRIC
    condition_domain_keys = (
        "batch_id", "table", "column_list", "row_condition", "condition_parser", "ignore_row_if",
    )  # fmt: skip
    condition_value_keys = ("part",)

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, part: str, **kwargs) -> pd.Series:
        cids, birth_dates, genders = (column_list.iloc[:, i] for i in range(3))
        if not pd.api.types.is_datetime64_any_dtype(birth_dates.dtype):
            birth_dates = pd.to_datetime(birth_dates, errors="coerce")
        # categoricals would refuse the comparison with the ID's decoded gender
        genders = genders.astype(object) if genders.dtype == "category" else genders
        years = birth_dates.dt.year.astype("Int64")
        return ~citizen_id_mismatches(cids, genders, years, [part])[part]


class ExpectCitizenIdToAgreeWithBirthDateAndGender(MulticolumnMapExpectation):
    """Expect the personal ID's sex/century digit or birth-year digits to match the row.

    ``column_list`` is ``[citizen_id, birth_date, gender]`` (normalized: 12-digit text,
    datetime, "Nam"/"Nữ"); ``part`` says which digits are compared.
    """

    part: Literal["gender", "century", "year"]
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"

    library_metadata: ClassVar[dict] = {"maturity": "production", "tags": ["edu_pipeline"]}
    map_metric = AGREES_METRIC
    success_keys = ("mostly", "part")
    args_keys = ("column_list", "part")
