"""The name rules of ``names.py`` for whole columns: each distinct value, at column speed.

Why: a province sends ~230,000 distinct names, and ``normalize_name`` spends ~20 µs of Python
string work on each. Here the per-character steps (NFC, apostrophes, invisible characters,
spaces) are pyarrow column operations, and the per-word steps (capitalisation, tone style)
run once per distinct word (a few tens of thousands). Names that may still be in a legacy
font, or hold a spaced prefix ("H' Hen"), take the one-by-one path. The results equal
``normalize_name``'s (``tests/vietnamese/test_name_columns.py``).

Example:
    >>> normalize_names(["NGUYỄN  thị hoà", "h’hen niê"])
    ['Nguyễn Thị Hòa', "H'Hen Niê"]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from edu_pipeline.vietnamese.legacy_fonts import legacy_signals
from edu_pipeline.vietnamese.names import NameParts, _problem, _split, _styled_word, normalize_name
from edu_pipeline.vietnamese.text import DEFAULT_TONE_STYLE, ToneStyle

__all__ = ["NAME_COLUMNS", "names_frame", "normalize_names"]

NAME_COLUMNS = ["full_name", "name_problem", "family_name", "middle_name", "given_name",
                "name_split_rule"]  # fmt: skip
# What normalize_apostrophes and clean_spaces replace, as (text, replacement) pairs.
_REPLACEMENTS = [
    *((mark, "'") for mark in "’‘`´ʼ′"),
    ("\u200b", " "),
    *((invisible, "") for invisible in "\u200c\u200d\u2060\ufeff"),
]


def normalize_names(values: Sequence[str], tone_style: ToneStyle = DEFAULT_TONE_STYLE) -> list[str]:
    """``normalize_name`` of each value (strings, no nulls), in order."""
    if not values:
        return []
    text = pc.utf8_normalize(pa.array(values, type=pa.string()), "NFC")
    maybe_legacy, _ = legacy_signals(text.to_pylist())
    for old, new in _REPLACEMENTS:
        text = pc.replace_substring(text, old, new)
    slow = maybe_legacy | pc.match_substring(text, "' ").to_numpy(zero_copy_only=False)
    words = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(text))
    flat = pc.list_flatten(words).to_numpy(zero_copy_only=False)
    codes, distinct_words = pd.factorize(flat)
    styled = np.array([_styled_word(w, tone_style) for w in distinct_words], dtype=object)
    rebuilt = pa.ListArray.from_arrays(words.offsets, pa.array(styled[codes], type=pa.string()))
    results = pc.binary_join(rebuilt, " ").to_pylist()
    # Capitalising can reveal a legacy reading; those, like the slow ones, go one by one.
    slow |= legacy_signals(results)[0]
    for position in np.flatnonzero(slow):
        results[position] = normalize_name(values[position], tone_style)
    return results


def names_frame(
    raw: pd.Series, hint: pd.Series, tone_style: ToneStyle = DEFAULT_TONE_STYLE
) -> pd.DataFrame:
    """``NAME_COLUMNS`` for a column of typed names.

    ``hint`` is each row's ethnicity as typed (see ``split_name``). The work is what
    ``normalize_name``, ``name_problem`` and ``split_name`` do row by row, but a name is
    normalized once (not once per function) and split once per distinct (name, hint);
    empty names and parts are None.
    Example: ``names_frame(pd.Series(["ksor h'bia"]), pd.Series(["Jrai"]))["family_name"]``
    holds ``"Ksor"``.
    """
    raw_codes, raw_uniques = pd.factorize(raw, use_na_sentinel=True)
    normalized = [name or None for name in normalize_names(list(raw_uniques), tone_style)]
    name_codes, names = pd.factorize(np.array([*normalized, None], dtype=object))
    name_of_row = name_codes[raw_codes]  # -1: no name (null or blank)
    hint_codes, hint_uniques = pd.factorize(hint, use_na_sentinel=True)
    hints = np.asarray(hint_uniques, dtype=object)  # plain items: arrow-backed ones index slowly
    # one integer per (name, hint) pair: split once per pair, not once per row
    pair_codes, pairs = pd.factorize(name_of_row * (len(hints) + 1) + hint_codes + 1)
    pair_name, pair_hint = np.divmod(pairs, len(hints) + 1)
    split = [
        _split(names[n], hints[h - 1] if h else None) if n >= 0 else NameParts(*[None] * 4)
        for n, h in zip(pair_name, pair_hint, strict=True)
    ]
    columns = {"full_name": [*names, None], "name_problem": [*map(_problem, names), None]}
    out = {field: np.array(values, dtype=object)[name_of_row] for field, values in columns.items()}
    for field, position in (("family_name", 0), ("middle_name", 1), ("given_name", 2),
                            ("name_split_rule", 3)):  # fmt: skip
        values = np.array([parts[position] or None for parts in split], dtype=object)
        out[field] = values[pair_codes]
    return pd.DataFrame(out, index=raw.index, dtype=object)[NAME_COLUMNS]
