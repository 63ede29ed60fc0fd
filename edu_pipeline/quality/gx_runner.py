"""Run the Great Expectations suites of ``expectations/`` on one normalized frame.

The suites (``expectations/<dataset>.json``, GX 1.x ``ExpectationSuite`` JSON) hold the rules;
every expectation's ``meta`` says what a failure means for the school: ``rule`` (stable id),
``dimension`` (correct|complete|clean|fresh = đúng|đủ|sạch|sống), ``severity``
(error|warning), ``action`` (quarantined|flagged|fixed), ``column`` (the ``raw_<field>`` column
whose value is shown to the school), ``message_vi`` (Vietnamese text, ``{value}`` = that raw
value) and optionally ``fallback_column`` (shown when the raw column is empty, e.g. a school
code that came from the folder name rather than from a cell).

This module turns GX validation results into row-level findings; it imports no Dagster so the
stage code, tests and notebooks can all use it::

    outcome = validate_frame(students, "students", default_parameters(as_of, codes), EXP_DIR)
    outcome.findings             # one row per failing row per expectation
    outcome.expectation_results  # one row per expectation (scorecards, asset checks)

Speed (700,000 student rows, ~3 s): the whole suite runs once with a cheap result format
(counts only); failing row ids (``unexpected_index_column_names=["row_id"]``, COMPLETE, ~60 µs
per failing row inside GX) are fetched in a second run of only the expectations that failed,
on the same GX Validator (the batch is loaded and fingerprinted once). GX sees only the columns
the suite reads, re-typed so its pandas code paths stay vectorised (see :func:`_gx_frame`).

Quiet: a fresh ephemeral Data Context per call (``gx.get_context(mode="ephemeral")``, which
also makes it GX's process-wide current context), ``analytics_enabled=False`` and
``GX_ANALYTICS_ENABLED=False``, progress bars off in the context config (they are on by
default and write to stderr), GX loggers and warnings muted while it runs.

Privacy: nothing here logs values; GX's own log records (which may quote a failing value in an
exception text) are silenced while it runs, and exception messages returned in
``expectation_results`` are redacted (quoted text other than column/parameter names and runs
of digits are replaced by ``…``). Findings carry ``raw_value``: that is the data product.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import great_expectations as gx

logger = logging.getLogger(__name__)

DATASETS: tuple[str, ...] = ("registry", "students", "teachers")
REQUIRED_META_KEYS: tuple[str, ...] = (
    "rule",
    "dimension",
    "severity",
    "action",
    "column",
    "message_vi",
)
DIMENSIONS: frozenset[str] = frozenset({"correct", "complete", "clean", "fresh"})
SEVERITIES: frozenset[str] = frozenset({"error", "warning"})
ACTIONS: frozenset[str] = frozenset({"quarantined", "flagged", "fixed"})

FINDING_COLUMNS: tuple[str, ...] = (
    "dataset",
    "row_id",
    "column_name",
    "raw_value",
    "dimension",
    "rule",
    "severity",
    "action",
    "message",
)
RESULT_COLUMNS: tuple[str, ...] = (
    "rule",
    "dimension",
    "severity",
    "success",
    "element_count",
    "unexpected_count",
    "raised_exception",
    "exception_message",
    # extra, for asset-check descriptions
    "action",
    "column_name",
    "expectation_type",
)

ROW_ID = "row_id"
EMPTY_VALUE_VI = "(trống)"

# First pass: counts only. partial_unexpected_count=0 keeps GX from collecting sample values.
_FIRST_PASS_FORMAT: dict[str, Any] = {"result_format": "BASIC", "partial_unexpected_count": 0}
# Second pass, failed expectations only: the row ids of every failing row. No index query
# (GX would build a pandas filter string over all failing indexes) and no value lists.
_ROW_IDS_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_ID],
    "return_unexpected_index_query": False,
    "partial_unexpected_count": 0,
    "exclude_unexpected_values": True,
}
# Safe window for casting datetimes to nanoseconds (ns covers 1677-2262); values outside are
# clipped to it, which keeps them outside any plausible birth-date window.
_NS_SAFE_MIN = pd.Timestamp("1700-01-01")
_NS_SAFE_MAX = pd.Timestamp("2200-01-01")
_MAX_EXCEPTION_CHARS = 400
_NULL_TYPES = frozenset({"expect_column_values_to_not_be_null", "expect_column_values_to_be_null"})
# Checks that only compare values (equality, set membership, regex on the non-null values):
# their columns can be given to GX as categoricals.
_SET_LIKE_TYPES = frozenset(
    {
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_be_unique",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
    }
)


class SuiteError(ValueError):
    """An expectation suite file is missing, unreadable or breaks the meta contract."""


@dataclass(frozen=True)
class ValidationOutcome:
    """What one dataset frame produced.

    ``findings``: columns exactly :data:`FINDING_COLUMNS`, one row per failing row per
    expectation (``row_id`` null for a failure that cannot be tied to rows).
    ``expectation_results``: one row per expectation of the suite, in suite order, columns
    :data:`RESULT_COLUMNS`. ``raised_exception`` marks a check that could not run (an error of
    the check, e.g. a column missing from the frame), never a data failure.
    """

    findings: pd.DataFrame
    expectation_results: pd.DataFrame

    @property
    def checks_raised(self) -> bool:
        """True when at least one expectation could not be evaluated."""
        return bool(self.expectation_results["raised_exception"].any())


# ---------------------------------------------------------------------------------------------
# Great Expectations, quiet
# ---------------------------------------------------------------------------------------------


def _gx() -> Any:
    """Import GX lazily (it takes seconds), with analytics off before it is first imported.

    GX 1.x reads ``GX_ANALYTICS_ENABLED``; the context config also sets
    ``analytics_enabled=False`` in case GX was imported before this module.
    """
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    with _quiet_gx():  # its import logs one INFO line per decorated closure
        import great_expectations

    return great_expectations


def _ephemeral_context() -> Any:
    """A fresh in-memory Data Context: no files, no analytics, no progress bars (~10 ms)."""
    gx_module = _gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx_module.get_context(mode="ephemeral", project_config=config)


@contextlib.contextmanager
def _quiet_gx() -> Iterator[None]:
    """Silence GX's loggers and warnings while it runs.

    GX logs caught metric exceptions verbatim (they can quote a cell value); the same errors
    are returned, redacted, in ``expectation_results``.
    """
    gx_logger = logging.getLogger("great_expectations")
    previous = gx_logger.level
    gx_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        gx_logger.setLevel(previous)


# ---------------------------------------------------------------------------------------------
# Suites
# ---------------------------------------------------------------------------------------------


def suite_path(dataset: str, expectations_dir: Path) -> Path:
    """``expectations_dir/<dataset>.json``."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; expected one of {DATASETS}")
    return Path(expectations_dir) / f"{dataset}.json"


def load_suite(dataset: str, expectations_dir: Path) -> gx.ExpectationSuite:
    """Load and check ``expectations_dir/<dataset>.json``.

    Raises :class:`SuiteError` when the file cannot be read, when GX drops an expectation
    (``ExpectationSuite`` only *logs* an invalid expectation configuration and goes on without
    it) or when an expectation's ``meta`` breaks the contract (keys, allowed values, unique
    ``rule`` ids).
    """
    path = suite_path(dataset, expectations_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteError(f"cannot read suite {path}: {type(exc).__name__}") from exc
    if not isinstance(data, dict):
        raise SuiteError(f"suite {path}: not a JSON object")
    declared = data.get("expectations") or []
    gx_module = _gx()
    with _quiet_gx():
        suite = gx_module.ExpectationSuite(
            name=data.get("name") or dataset,
            expectations=declared,
            suite_parameters=data.get("suite_parameters"),
            meta=data.get("meta"),
            notes=data.get("notes"),
        )
    if len(suite.expectations) != len(declared):
        raise SuiteError(
            f"suite {path}: GX accepted {len(suite.expectations)} of {len(declared)} "
            "expectations (an expectation configuration is invalid)"
        )
    _check_meta(suite, path)
    return suite


def _check_meta(suite: Any, path: Path) -> None:
    seen: set[str] = set()
    for position, expectation in enumerate(suite.expectations):
        meta = expectation.meta or {}
        where = f"suite {path}, expectation #{position} ({expectation.expectation_type})"
        missing = [k for k in REQUIRED_META_KEYS if not isinstance(meta.get(k), str) or not meta[k]]
        if missing:
            raise SuiteError(f"{where}: meta lacks {missing}")
        for key, allowed in (
            ("dimension", DIMENSIONS),
            ("severity", SEVERITIES),
            ("action", ACTIONS),
        ):
            if meta[key] not in allowed:
                raise SuiteError(f"{where}: meta.{key}={meta[key]!r} not in {sorted(allowed)}")
        if meta["rule"] in seen:
            raise SuiteError(f"{where}: duplicate rule id {meta['rule']!r}")
        seen.add(meta["rule"])


def suite_parameter_names(suite: Any) -> set[str]:
    """Names of the ``{"$PARAMETER": name}`` values the suite needs at validation time."""
    names: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            if "$PARAMETER" in value and isinstance(value["$PARAMETER"], str):
                names.add(value["$PARAMETER"])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    for expectation in suite.expectations:
        walk(expectation.configuration.kwargs)
    return names


def _condition_columns(condition: Any) -> set[str]:
    """Columns named in a GX 1.x row_condition (Condition object or its dict form)."""
    columns: set[str] = set()
    if hasattr(condition, "dict"):
        condition = condition.dict()
    if isinstance(condition, Mapping):
        column = condition.get("column")
        if isinstance(column, Mapping) and isinstance(column.get("name"), str):
            columns.add(column["name"])
        for inner in condition.get("conditions") or []:
            columns |= _condition_columns(inner)
    return columns


def _columns_read(expectation: Any) -> set[str]:
    """Frame columns an expectation reads: its domain column(s) and row_condition columns."""
    kwargs = expectation.configuration.kwargs
    columns: set[str] = set()
    for key in ("column", "column_A", "column_B"):
        if isinstance(kwargs.get(key), str):
            columns.add(kwargs[key])
    if isinstance(kwargs.get("column_list"), list):
        columns.update(c for c in kwargs["column_list"] if isinstance(c, str))
    return columns | _condition_columns(kwargs.get("row_condition"))


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


def statutory_retirement_age_months(gender: str, year: int) -> int:
    """Retirement age in months under the 2019 Labour Code (art. 169, Decree 135/2020).

    From 2021 men retire at 60 years 3 months, +3 months a year until 62 (2028); women at
    55 years 4 months, +4 months a year until 60 (2035). Using the age of the as-of year for
    everybody is conservative: older cohorts had lower ages, so nobody is flagged early.

    >>> statutory_retirement_age_months("Nam", 2026), statutory_retirement_age_months("Nữ", 2026)
    (738, 684)
    """
    steps = max(0, year - 2020)
    if gender == "Nữ":
        return min(55 * 12 + 4 * steps, 60 * 12)
    return min(60 * 12 + 3 * steps, 62 * 12)


def default_parameters(
    as_of: dt.date,
    registry_school_codes: Iterable[str],
    *,
    student_min_age_months: int = 6,
    student_max_age_years: int = 25,
    staff_min_age_years: int = 18,
    retirement_age_months_male: int | None = None,
    retirement_age_months_female: int | None = None,
) -> dict[str, Any]:
    """Suite parameters for all three datasets, derived from the as-of date.

    Students are plausible from 6 months (nhà trẻ) to 25 years (continuing education);
    working staff must be 18 or older and younger than the retirement age of their gender
    (statutory for the as-of year unless given).

    >>> p = default_parameters(dt.date(2026, 3, 20), ["40000001"])
    >>> p["min_birth_date"].date(), p["max_birth_date"].date()
    (datetime.date(2001, 3, 20), datetime.date(2025, 9, 20))
    """
    today = pd.Timestamp(as_of).normalize()
    male = retirement_age_months_male or statutory_retirement_age_months("Nam", today.year)
    female = retirement_age_months_female or statutory_retirement_age_months("Nữ", today.year)
    return {
        "registry_school_codes": sorted({str(code) for code in registry_school_codes}),
        "min_birth_date": today - pd.DateOffset(years=student_max_age_years),
        "max_birth_date": today - pd.DateOffset(months=student_min_age_months),
        "staff_max_birth_date": today - pd.DateOffset(years=staff_min_age_years),
        "retirement_min_birth_date_male": today - pd.DateOffset(months=male),
        "retirement_min_birth_date_female": today - pd.DateOffset(months=female),
    }


def _gx_parameter(value: Any) -> Any:
    """Make a parameter value comparable inside GX: dates -> Timestamp, collections -> list."""
    if isinstance(value, pd.Timestamp):
        return value
    if isinstance(value, dt.date | np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, tuple | pd.Index | pd.Series | np.ndarray):
        return list(value.tolist() if hasattr(value, "tolist") else value)
    return value


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _gx_frame(df: pd.DataFrame, suite: Any) -> pd.DataFrame:
    """The frame GX sees: only the columns the suite reads (those present), re-typed for speed.

    Results are unchanged (findings take their values from ``df``, never from GX):

    * datetimes -> ``datetime64[ns]``: GX 1.24 only vectorises between-checks for ns; other
      units go through a Python call per row and reject string bounds. Values outside the ns
      range are clipped into a window that is still implausible for any birth date.
    * columns that only null-checks read (``full_name``, most ``*_problem`` columns) -> a
      one-category categorical with the same nulls: GX fingerprints (hashes) the whole batch
      and filters all its columns for every row_condition metric, and 700,000 distinct
      names made both slow.
    * text columns tested for set membership, uniqueness or a regex, or used in a
      row_condition -> ``category`` (same values, cheap to filter and hash).
    """
    roles: dict[str, set[str]] = {}
    for expectation in suite.expectations:
        kwargs = expectation.configuration.kwargs
        kind = expectation.expectation_type
        role = "null" if kind in _NULL_TYPES else "set" if kind in _SET_LIKE_TYPES else "value"
        for column in _columns_read(expectation) - _condition_columns(kwargs.get("row_condition")):
            roles.setdefault(column, set()).add(role)
        for column in _condition_columns(kwargs.get("row_condition")):
            roles.setdefault(column, set()).add("set")
    frame = df.loc[:, [c for c in df.columns if c == ROW_ID or c in roles]]
    frame = frame.reset_index(drop=True)
    retyped: dict[str, Any] = {}
    for column in frame.columns:
        if column == ROW_ID:
            continue
        series = frame[column]
        used = roles[column]
        if series.dtype == object and _looks_like_dates(series):
            series = pd.to_datetime(series, errors="coerce")
            retyped[column] = series
        if pd.api.types.is_datetime64_dtype(series.dtype):
            if str(series.dtype) != "datetime64[ns]":
                clipped = series.clip(lower=_NS_SAFE_MIN, upper=_NS_SAFE_MAX)
                retyped[column] = clipped.astype("datetime64[ns]")
        elif used == {"null"}:
            codes = np.where(series.isna().to_numpy(), -1, 0).astype("int8")
            retyped[column] = pd.Categorical.from_codes(codes, categories=["present"])
        elif used <= {"null", "set"} and (
            isinstance(series.dtype, pd.StringDtype) or series.dtype == object
        ):
            retyped[column] = series.astype("category")
    return frame.assign(**retyped) if retyped else frame


def _looks_like_dates(series: pd.Series) -> bool:
    sample = series.dropna().head(50)
    return len(sample) > 0 and all(isinstance(v, dt.date) for v in sample)


def _validator(context: Any, dataset: str, frame: pd.DataFrame) -> Any:
    """A GX 1.x (v1) Validator over ``frame``, reusable for several runs.

    ``Batch.validate`` builds a new Validator - and reloads the batch - on every call, and a
    pandas batch under 1 GB is fingerprinted (``hash_pandas_object`` over the whole frame,
    ~0.5 s at 700,000 rows) on every load. ``Batch.validate`` itself is this class plus a
    throw-away batch definition; keeping one instance loads the batch once for both passes
    and lets the second pass reuse metrics GX already computed.
    """
    from great_expectations.validator.v1_validator import Validator

    source = context.data_sources.add_pandas(name=f"edu_pipeline_{dataset}")
    asset = source.add_dataframe_asset(name=dataset)
    definition = asset.add_batch_definition_whole_dataframe(name="whole_frame")
    return Validator(
        batch_definition=definition,
        batch_parameters={"dataframe": frame},
        result_format=dict(_FIRST_PASS_FORMAT),
    )


@dataclass(frozen=True)
class _Raised:
    """GX raised outside its per-expectation exception capture for this expectation."""

    message: str


def _run(validator: Any, expectations: list[Any], params: dict[str, Any], name: str) -> dict:
    """Validate ``expectations``; map each rule id to its GX result (or :class:`_Raised`).

    Results are paired by ``meta.rule``: GX 1.x regroups expectations (by column, errored
    ones first), so positions do not match. Most errors are captured by GX per expectation
    (``exception_info``), but some escape the whole call - e.g. pydantic refusing a
    ``$PARAMETER`` value of the wrong type while GX substitutes parameters. Then the
    expectations are run one by one so that only the broken ones are reported as raised.
    """
    suite = _gx().ExpectationSuite(name=name, expectations=[e.configuration for e in expectations])
    try:
        results = validator.validate_expectation_suite(suite, expectation_parameters=params)
    except Exception as exc:
        if len(expectations) == 1:
            return {expectations[0].meta["rule"]: _Raised(f"{type(exc).__name__}: {exc}")}
        by_rule: dict[str, Any] = {}
        for expectation in expectations:
            by_rule.update(_run(validator, [expectation], params, name))
        return by_rule
    return {r.expectation_config.meta["rule"]: r for r in results.results}


def _needs_rows(result: Any) -> bool:
    """A data failure (not an error of the check) that GX counted failing rows for."""
    raised, _ = _exception_of(result)
    return not raised and not result.success and bool((result.result or {}).get("unexpected_count"))


def _exception_of(result: Any) -> tuple[bool, str | None]:
    """(raised, message) from a GX result's ``exception_info`` (or a :class:`_Raised`).

    GX 1.x returns either one flat dict (``raised_exception`` …) or, when metrics failed, a
    dict keyed by the string form of each failed metric's id.
    """
    if isinstance(result, _Raised):
        return True, result.message
    info = result.exception_info or {}
    if "raised_exception" in info:
        raised = bool(info.get("raised_exception"))
        return raised, (info.get("exception_message") if raised else None)
    messages: list[str] = []
    for value in info.values():
        if isinstance(value, Mapping) and value.get("raised_exception"):
            message = str(value.get("exception_message") or "exception")
            if message not in messages:
                messages.append(message)
    if messages:
        return True, "; ".join(messages)
    return False, None


_QUOTED = re.compile(r"([\"'«“])(.*?)([\"'»”])")
_DIGITS = re.compile(r"\d{4,}")


def redact(message: str | None, allowed: Iterable[str] = ()) -> str | None:
    """Remove what could be personal data from an exception text.

    Quoted text is kept only when it is a known column or parameter name; digit runs of 4+
    (IDs, phone numbers, years) are replaced.

    >>> redact('The column "nope" does not exist; bad value \\'Nguyễn A\\' 079123456789', {"nope"})
    'The column "nope" does not exist; bad value \\'…\\' …'
    """
    if message is None:
        return None
    keep = set(allowed)

    def quoted(match: re.Match[str]) -> str:
        inner = match.group(2)
        return match.group(0) if inner in keep else f"{match.group(1)}…{match.group(3)}"

    text = _QUOTED.sub(quoted, str(message))
    text = _DIGITS.sub("…", text)
    return text[:_MAX_EXCEPTION_CHARS]


def _row_ids(unexpected_index_list: Any) -> list[Any]:
    """Row ids from GX's ``unexpected_index_list``.

    With ``exclude_unexpected_values`` GX 1.24 returns one columnar dict
    (``[{"row_id": [3, 7, …]}]``); without it, one dict per row (``[{"row_id": 3, col: v}]``).
    """
    ids: list[Any] = []
    for entry in unexpected_index_list or []:
        value = entry.get(ROW_ID) if isinstance(entry, Mapping) else entry
        if isinstance(value, list | tuple | np.ndarray):
            ids.extend(value)
        else:
            ids.append(value)
    return ids


def _text(value: Any) -> str | None:
    """A cell as the string shown to schools (None for missing)."""
    if value is None or (not isinstance(value, str | list | dict) and bool(pd.isna(value))):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    return str(value)


def _values_at(df: pd.DataFrame, column: str | None, positions: np.ndarray) -> list[str | None]:
    """Cells of ``column`` at row positions, as text (position -1: unknown row -> None)."""
    if not column or column not in df.columns or len(positions) == 0:
        return [None] * len(positions)
    found = positions >= 0
    taken = df[column].iloc[np.where(found, positions, 0)].tolist()
    return [_text(v) if ok else None for v, ok in zip(taken, found, strict=True)]


def _empty_findings() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in FINDING_COLUMNS})
    return frame.astype({ROW_ID: "Int64"})


def _findings_for(
    dataset: str,
    meta: Mapping[str, Any],
    row_ids: list[Any] | None,
    df: pd.DataFrame,
    positions_of: pd.Index,
) -> pd.DataFrame:
    """Findings of one failed expectation (row_ids None: one table-level finding)."""
    column = meta["column"]
    if row_ids is None:
        ids: list[Any] = [None]
        raw: list[str | None] = [None]
    else:
        ids = row_ids
        positions = positions_of.get_indexer(pd.Index(row_ids))
        raw = _values_at(df, column, positions)
        fallback = meta.get("fallback_column")
        if fallback and any(v is None for v in raw):
            alt = _values_at(df, fallback, positions)
            raw = [a if r is None else r for r, a in zip(raw, alt, strict=True)]
    template = str(meta["message_vi"])
    if "{value}" in template:
        messages = [template.replace("{value}", EMPTY_VALUE_VI if v is None else v) for v in raw]
    else:
        messages = [template] * len(raw)
    n = len(ids)
    return pd.DataFrame(
        {
            "dataset": [dataset] * n,
            ROW_ID: pd.array(ids, dtype="Int64"),
            "column_name": [column] * n,
            "raw_value": pd.Series(raw, dtype=object),
            "dimension": [meta["dimension"]] * n,
            "rule": [meta["rule"]] * n,
            "severity": [meta["severity"]] * n,
            "action": [meta["action"]] * n,
            "message": messages,
        }
    )


def validate_frame(
    df: pd.DataFrame,
    dataset: str,
    parameters: dict[str, Any],
    expectations_dir: Path,
) -> ValidationOutcome:
    """Validate one normalized dataset frame with its suite; return findings and results.

    ``parameters`` must give every ``$PARAMETER`` the suite uses (extra keys are ignored);
    :func:`default_parameters` builds them from the as-of date and the registry codes.
    Raises ``ValueError`` for caller errors (unknown dataset, missing ``row_id`` or
    parameters, duplicate ``row_id``) and :class:`SuiteError` for a broken suite. A rule that
    cannot be evaluated on this frame is *not* raised: it is reported in
    ``expectation_results`` with ``raised_exception=True`` and yields no findings.
    """
    started = time.perf_counter()
    suite = load_suite(dataset, expectations_dir)
    if ROW_ID not in df.columns:
        raise ValueError(f"{dataset}: the frame has no {ROW_ID!r} column")
    if not df[ROW_ID].is_unique:
        raise ValueError(f"{dataset}: {ROW_ID!r} is not unique")
    needed = suite_parameter_names(suite)
    missing = sorted(needed - set(parameters))
    if missing:
        raise ValueError(f"{dataset}: missing suite parameters {missing}")
    params = {name: _gx_parameter(parameters[name]) for name in sorted(needed)}

    frame = _gx_frame(df, suite)
    allowed_names = (
        set(df.columns) | needed | set().union(*(_columns_read(e) for e in suite.expectations))
    )
    metas = [dict(e.meta) for e in suite.expectations]

    with _quiet_gx():
        validator = _validator(_ephemeral_context(), dataset, frame)
        first_by_rule = _run(validator, list(suite.expectations), params, f"{dataset}_all")
        to_locate = [e for e in suite.expectations if _needs_rows(first_by_rule[e.meta["rule"]])]
        second_by_rule: dict[str, Any] = {}
        if to_locate:
            validator.result_format = dict(_ROW_IDS_FORMAT)
            second_by_rule = _run(validator, to_locate, params, f"{dataset}_failing_rows")
    validated = time.perf_counter()

    positions_of = pd.Index(df[ROW_ID].to_numpy())
    finding_parts: list[pd.DataFrame] = []
    result_rows: list[dict[str, Any]] = []
    for expectation, meta in zip(suite.expectations, metas, strict=True):
        result = first_by_rule[meta["rule"]]
        raised, message = _exception_of(result)
        counts = {} if raised else (result.result or {})
        success = not raised and bool(result.success)
        unexpected_count = counts.get("unexpected_count")
        if not success and not raised:
            located = second_by_rule.get(meta["rule"])
            row_ids: list[Any] | None = None
            if located is not None:
                raised_late, late_message = _exception_of(located)
                if raised_late:
                    raised, message = True, late_message
                else:
                    row_ids = _row_ids((located.result or {}).get("unexpected_index_list"))
            if not raised:
                finding_parts.append(_findings_for(dataset, meta, row_ids, df, positions_of))
        result_rows.append(
            {
                "rule": meta["rule"],
                "dimension": meta["dimension"],
                "severity": meta["severity"],
                "success": success,
                "element_count": counts.get("element_count") if not raised else None,
                "unexpected_count": unexpected_count if not raised else None,
                "raised_exception": raised,
                "exception_message": redact(message, allowed_names) if raised else None,
                "action": meta["action"],
                "column_name": meta["column"],
                "expectation_type": expectation.expectation_type,
            }
        )

    findings = pd.concat(finding_parts, ignore_index=True) if finding_parts else _empty_findings()
    findings = findings.loc[:, list(FINDING_COLUMNS)]
    results = pd.DataFrame(result_rows, columns=list(RESULT_COLUMNS)).astype(
        {
            "success": bool,
            "raised_exception": bool,
            "element_count": "Int64",
            "unexpected_count": "Int64",
        }
    )
    logger.info(
        "gx %s: %d rows, %d expectations, %d failed, %d raised, %d located, %d findings "
        "(validation %.2fs, findings %.2fs)",
        dataset,
        len(df),
        len(results),
        int((~results["success"] & ~results["raised_exception"]).sum()),
        int(results["raised_exception"].sum()),
        len(to_locate),
        len(findings),
        validated - started,
        time.perf_counter() - validated,
    )
    return ValidationOutcome(findings=findings, expectation_results=results)
