"""Apply scalar Vietnamese rules to whole pandas columns, once per distinct value.

Why: a province export has hundreds of thousands of rows but few distinct values per column
(names repeat, genders and ethnicities have a handful of spellings). Running a Python rule
once per distinct value and mapping the result back keeps every rule a small, testable scalar
function without per-row Python loops.

Example:
    >>> import pandas as pd
    >>> map_distinct(pd.Series(["nam", None, "nam"]), str.upper).tolist()
    ['NAM', None, 'NAM']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["map_distinct", "map_distinct_fields"]


def map_distinct(series: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Return ``series`` with ``func`` applied to each distinct non-null value.

    Nulls (None, NaN, NA, NaT) stay ``None`` and ``func`` is never called on them; ``func``
    is called exactly once per distinct value; index and name are preserved. The result has
    ``object`` dtype so rules returning tuples, dates or ``None`` survive unchanged.
    """
    codes, uniques = _factorized(series)
    # the last slot answers the null sentinel (code -1); a Series keeps tuples as elements
    results = pd.Series([*(func(value) for value in uniques), None], dtype=object).to_numpy()
    return pd.Series(results[codes], index=series.index, name=series.name, dtype=object)


def map_distinct_fields(
    series: pd.Series, func: Callable[[Any], tuple[Any, ...]], n_fields: int
) -> tuple[pd.Series, ...]:
    """Like ``map_distinct`` for rules returning a tuple (``DateResult``, ``IdResult``…):
    one Series per field, each ``None`` where ``series`` is null.

    Example:
        >>> import pandas as pd
        >>> low, up = map_distinct_fields(pd.Series(["a", None]), lambda v: (v, v.upper()), 2)
        >>> up.tolist()
        ['A', None]
    """
    codes, uniques = _factorized(series)
    results = [func(value) for value in uniques]
    columns = [
        pd.Series([*(result[field] for result in results), None], dtype=object).to_numpy()
        for field in range(n_fields)
    ]  # the last slot answers the null sentinel (code -1)
    return tuple(
        pd.Series(column[codes], index=series.index, name=series.name, dtype=object)
        for column in columns
    )


def _factorized(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values, the values as plain Python objects: iterating Arrow-backed
    strings element by element costs ~1 µs each, 7× a NumPy object array's."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)
