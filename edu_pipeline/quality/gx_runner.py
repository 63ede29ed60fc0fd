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

Speed (735,000 student rows with 270,000 failing (row, rule) pairs, ~15 s): the whole suite
runs once with a cheap result format (counts only); failing rows are fetched in a second run
of only the expectations with failing rows, on the same GX Validator (the batch is loaded and
fingerprinted once). They come back as GX's own frame index (COMPLETE without
``unexpected_index_column_names``: one ``list(index)``), mapped to ``row_id`` here; asking GX
for ``row_id`` instead costs ~100 µs per failing row (a ``.at`` lookup each). GX sees only
the columns the suite reads, re-typed so its pandas code paths stay vectorised (see
:func:`_gx_frame`). When a school resubmits, the second pass of the row-local rules looks only
at the rows of changed files; the others' findings come from the last run (``gx_reuse``).

Quiet (``gx_quiet``): a fresh ephemeral Data Context per call, no analytics, progress bars
off (they are on by default and write to stderr), GX loggers and warnings muted while it runs.
Suites are loaded and checked by ``gx_suites``; parameters come from ``gx_parameters``.

Privacy: nothing here logs values; GX's own log records (which may quote a failing value in an
exception text) are silenced while it runs, and exception messages returned in
``expectation_results`` are redacted (quoted text other than column/parameter names and runs
of digits are replaced by ``…``). Findings carry ``raw_value``: that is the data product.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from edu_pipeline.quality.gx_findings import (
    FINDING_COLUMNS,
    ROW_ID,
    empty_findings,
    findings_for,
    row_ids_at,
)
from edu_pipeline.quality.gx_parameters import gx_parameter
from edu_pipeline.quality.gx_quiet import ephemeral_context, import_gx, quiet_gx, redact
from edu_pipeline.quality.gx_reuse import LocatedBefore
from edu_pipeline.quality.gx_suites import (
    columns_read,
    condition_columns,
    load_suite,
    suite_parameter_names,
)

logger = logging.getLogger(__name__)

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


# First pass: counts only. partial_unexpected_count=0 keeps GX from collecting sample values.
_FIRST_PASS_FORMAT: dict[str, Any] = {"result_format": "BASIC", "partial_unexpected_count": 0}
# Second pass, expectations with failing rows only: the frame positions of every failing row.
# No index query (GX would build a pandas filter string over all failing indexes) and no
# value lists.
_ROW_IDS_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "return_unexpected_index_query": False,
    "partial_unexpected_count": 0,
    "exclude_unexpected_values": True,
}
# Safe window for casting datetimes to nanoseconds (ns covers 1677-2262); values outside are
# clipped to it, which keeps them outside any plausible birth-date window.
_NS_SAFE_MIN = pd.Timestamp("1700-01-01")
_NS_SAFE_MAX = pd.Timestamp("2200-01-01")
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


@dataclass(frozen=True)
class ValidationOutcome:
    """What one dataset frame produced.

    ``findings``: columns exactly :data:`FINDING_COLUMNS`, one row per failing row per
    expectation (``row_id`` null for a failure that cannot be tied to rows).
    ``expectation_results``: one row per expectation of the suite, in suite order, columns
    :data:`RESULT_COLUMNS`. ``raised_exception`` marks a check that could not run (an error of
    the check, e.g. a column missing from the frame), never a data failure.
    ``gx_results``: GX's own ``ExpectationValidationResult`` of the counts-only first pass,
    one per expectation that GX evaluated (for Data Docs: counts, never row values).
    """

    findings: pd.DataFrame
    expectation_results: pd.DataFrame
    gx_results: tuple[Any, ...] = ()

    @property
    def checks_raised(self) -> bool:
        """True when at least one expectation could not be evaluated."""
        return bool(self.expectation_results["raised_exception"].any())


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
        for column in columns_read(expectation) - condition_columns(kwargs.get("row_condition")):
            roles.setdefault(column, set()).add(role)
        for column in condition_columns(kwargs.get("row_condition")):
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
        elif pd.api.types.is_extension_array_dtype(series.dtype) and pd.api.types.is_integer_dtype(
            series.dtype
        ):
            retyped[column] = series.astype("float64")  # GX compares Int64 value by value
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
    configurations = [e.configuration for e in expectations]
    suite = import_gx().ExpectationSuite(name=name, expectations=configurations)
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


@dataclass(frozen=True)
class _Located:
    """The second pass for one rule: GX's result (None: no row left to look at), the
    ``row_id`` at each position of the frame it ran on, and the findings reused for it."""

    result: Any
    row_id_at: np.ndarray
    before: pd.DataFrame | None = None

    def row_ids(self) -> list[Any]:
        if self.result is None:
            return []
        positions = (self.result.result or {}).get("unexpected_index_list")
        return row_ids_at(positions, self.row_id_at)


def _locate(
    context: Any,
    validator: Any,
    frame: pd.DataFrame,
    to_locate: list[Any],
    params: dict[str, Any],
    reuse: LocatedBefore | None,
    name: str,
) -> dict[str, _Located]:
    """The second pass: row-local rules on the rows ``reuse`` does not cover, others on all."""
    reusing = reuse is not None and bool(reuse.covered.any())
    local = [e for e in to_locate if reusing and _row_local(e)]
    located = _locate_in(validator, frame, [e for e in to_locate if e not in local], params,
                         f"{name}_failing_rows")  # fmt: skip
    if not local or reuse is None:
        return located
    changed = frame.loc[~reuse.covered].reset_index(drop=True)
    found = (
        _locate_in(_validator(context, f"{name}_changed", changed), changed, local, params,
                   f"{name}_changed_rows") if len(changed) else {}
    )  # fmt: skip
    by_rule = dict(tuple(reuse.findings.groupby("rule", sort=False))) if len(reuse.findings) else {}
    for expectation in local:
        rule = expectation.meta["rule"]
        result = found[rule].result if rule in found else None
        located[rule] = _Located(result, changed[ROW_ID].to_numpy(),
                                 by_rule.get(rule, empty_findings()))  # fmt: skip
    return located


def _locate_in(
    validator: Any, frame: pd.DataFrame, expectations: list[Any], params: dict[str, Any],
    name: str,
) -> dict[str, _Located]:  # fmt: skip
    if not expectations:
        return {}
    validator.result_format = dict(_ROW_IDS_FORMAT)
    ids = frame[ROW_ID].to_numpy()
    return {rule: _Located(result, ids)
            for rule, result in _run(validator, expectations, params, name).items()}  # fmt: skip


def _located_again(
    validator: Any,
    frame: pd.DataFrame,
    first_by_rule: dict[str, Any],
    located: dict[str, _Located],
    to_locate: list[Any],
    params: dict[str, Any],
    name: str,
) -> dict[str, _Located]:
    """Rules whose reused and new rows do not add up to the first pass's count, located
    again on the whole frame: a safety net, should a rule not be row-local after all."""
    redo = []
    for expectation in to_locate:
        found = located[expectation.meta["rule"]]
        if found.before is None or (found.result is not None and _exception_of(found.result)[0]):
            continue
        count = (first_by_rule[expectation.meta["rule"]].result or {}).get("unexpected_count")
        if len(found.before) + len(found.row_ids()) != count:
            redo.append(expectation)
    if redo:
        logger.warning("gx: %d rules located again on all rows (reuse did not add up)", len(redo))
    return _locate_in(validator, frame, redo, params, f"{name}_all_rows")


def _row_local(expectation: Any) -> bool:
    """One row's values decide the rule: a map expectation other than a uniqueness one."""
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    kinds = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    return isinstance(expectation, kinds) and "unique" not in expectation.expectation_type


def _needs_rows(result: Any) -> bool:
    """Failing rows GX counted (not an error of the check), even under ``mostly``.

    An expectation with ``mostly`` succeeds for the run while some rows fail; each of those
    rows is still a finding for its school.
    """
    raised, _ = _exception_of(result)
    return not raised and bool((result.result or {}).get("unexpected_count"))


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


def validate_frame(
    df: pd.DataFrame,
    dataset: str,
    parameters: dict[str, Any],
    expectations_dir: Path,
    reuse: LocatedBefore | None = None,
) -> ValidationOutcome:
    """Validate one normalized dataset frame with its suite; return findings and results.

    ``parameters`` must give every ``$PARAMETER`` the suite uses (extra keys are ignored);
    :func:`default_parameters` builds them from the as-of date and the registry codes.
    Raises ``ValueError`` for caller errors (unknown dataset, missing ``row_id`` or
    parameters, duplicate ``row_id``) and :class:`SuiteError` for a broken suite. A rule that
    cannot be evaluated on this frame is *not* raised: it is reported in
    ``expectation_results`` with ``raised_exception=True`` and yields no findings.
    ``reuse``: the last run's findings of unchanged files (``gx_reuse``); row-local rules are
    then located only in the other rows.
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
    params = {name: gx_parameter(parameters[name]) for name in sorted(needed)}

    frame = _gx_frame(df, suite)
    allowed_names = (
        set(df.columns) | needed | set().union(*(columns_read(e) for e in suite.expectations))
    )
    metas = [dict(e.meta) for e in suite.expectations]

    with quiet_gx():
        context = ephemeral_context()
        validator = _validator(context, dataset, frame)
        first_by_rule = _run(validator, list(suite.expectations), params, f"{dataset}_all")
        to_locate = [e for e in suite.expectations if _needs_rows(first_by_rule[e.meta["rule"]])]
        located_by_rule = _locate(context, validator, frame, to_locate, params, reuse, dataset)
        located_by_rule.update(_located_again(validator, frame, first_by_rule, located_by_rule,
                                              to_locate, params, dataset))  # fmt: skip
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
        if (not success or unexpected_count) and not raised:
            located = located_by_rule.get(meta["rule"])
            row_ids: list[Any] | None = None
            if located is not None:
                if located.result is not None:
                    raised, message = _exception_of(located.result)
                row_ids = None if raised else located.row_ids()
            if not raised:
                part = findings_for(dataset, meta, row_ids, df, positions_of)
                if located is not None and located.before is not None:
                    part = pd.concat([located.before, part], ignore_index=True)
                    part = part.sort_values(ROW_ID, kind="stable", ignore_index=True)
                finding_parts.append(part)
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

    findings = pd.concat(finding_parts, ignore_index=True) if finding_parts else empty_findings()
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
        "gx %s: %d rows, %d expectations, %d failed, %d raised, %d located (%d rows reused), "
        "%d findings (validation %.2fs, findings %.2fs)",
        dataset,
        len(df),
        len(results),
        int((~results["success"] & ~results["raised_exception"]).sum()),
        int(results["raised_exception"].sum()),
        len(to_locate),
        reuse.rows_reused if reuse is not None else 0,
        len(findings),
        validated - started,
        time.perf_counter() - validated,
    )
    gx_results = tuple(r for r in first_by_rule.values() if not isinstance(r, _Raised))
    return ValidationOutcome(findings=findings, expectation_results=results, gx_results=gx_results)
