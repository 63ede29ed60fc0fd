import datetime as dt
import random

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.vietnamese.dates import detect_date_order, detect_date_orders, parse_date


def synthetic_dates(n: int, seed: int = 0) -> list[dt.date]:
    rng = random.Random(seed)
    start = dt.date(2008, 1, 1)
    return [start + dt.timedelta(days=rng.randrange(0, 5000)) for _ in range(n)]


@pytest.mark.parametrize("n", [5, 35, 400])
def test_month_first_file_is_detected(n):
    dates = synthetic_dates(n)
    values = [d.strftime("%m/%d/%Y") for d in dates]
    order = detect_date_order(values)
    assert order == "mdy"
    assert [parse_date(v, order).value for v in values] == dates


@pytest.mark.parametrize("n", [5, 35, 400])
def test_day_first_file_is_detected(n):
    values = [d.strftime("%d/%m/%Y") for d in synthetic_dates(n, seed=1)]
    assert detect_date_order(values) == "dmy"


def test_ambiguous_file_defaults_to_day_first():
    assert detect_date_order(["01/02/2012", "03/04/2012", "05/06/2012"]) == "dmy"


def test_other_forms_and_blanks_are_ignored():
    values = ["2012-03-15", "40973", None, "", "03/15/2012", "04/02/2012"]
    assert detect_date_order(values) == "mdy"


def test_one_day_first_value_means_day_first():
    assert detect_date_order(["03/15/2012", "04/16/2012", "25/04/2012"]) == "dmy"


@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(["a.xlsx", "b.csv", "c.xls"]),
            st.one_of(
                st.none(),
                st.from_regex(r"[0-3]?[0-9][/.\-][01]?[0-9][/.\-](19|20)?[0-9]{2}", fullmatch=True),
                st.from_regex(r"(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]", fullmatch=True),
                st.text(max_size=8),
            ),
        ),
        max_size=40,
    )
)
@settings(max_examples=200, deadline=None)
def test_per_file_orders_of_a_column_equal_the_one_file_rule(cells):
    files = pd.Series([f for f, _ in cells], dtype=object)
    values = pd.Series([v for _, v in cells], dtype=object)
    got = detect_date_orders(values, files)
    for name in set(files):
        expected = detect_date_order(v for f, v in cells if f == name and v is not None)
        assert set(got[files == name]) == {expected}
