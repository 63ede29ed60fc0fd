"""The suites of ``expectations/``: loaded with GX 1.x and held to our ``meta`` contract.

Every expectation's ``meta`` says what a failure means for the school (see docs/quality.md):
``rule``, ``dimension``, ``severity``, ``action``, ``column``, ``message_vi`` and optionally
``fallback_column``. A suite that breaks the contract is refused with :class:`SuiteError`
rather than validated half-way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edu_pipeline.quality.gx_quiet import import_gx, quiet_gx

if TYPE_CHECKING:
    import great_expectations as gx

DATASETS: tuple[str, ...] = ("registry", "students", "teachers", "fees")
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


class SuiteError(ValueError):
    """An expectation suite file is missing, unreadable or breaks the meta contract."""


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
    gx_module = import_gx()
    with quiet_gx():
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


def condition_columns(condition: Any) -> set[str]:
    """Columns named in a GX 1.x row_condition (Condition object or its dict form)."""
    columns: set[str] = set()
    if hasattr(condition, "dict"):
        condition = condition.dict()
    if isinstance(condition, Mapping):
        column = condition.get("column")
        if isinstance(column, Mapping) and isinstance(column.get("name"), str):
            columns.add(column["name"])
        for inner in condition.get("conditions") or []:
            columns |= condition_columns(inner)
    return columns


def columns_read(expectation: Any) -> set[str]:
    """Frame columns an expectation reads: its domain column(s) and row_condition columns."""
    kwargs = expectation.configuration.kwargs
    columns: set[str] = set()
    for key in ("column", "column_A", "column_B"):
        if isinstance(kwargs.get(key), str):
            columns.add(kwargs[key])
    if isinstance(kwargs.get("column_list"), list):
        columns.update(c for c in kwargs["column_list"] if isinstance(c, str))
    return columns | condition_columns(kwargs.get("row_condition"))


def suite_columns(suite: Any) -> set[str]:
    """Every frame column a suite's findings depend on: read by a rule or shown to schools."""
    columns: set[str] = set()
    for expectation in suite.expectations:
        columns |= columns_read(expectation)
        columns.update(
            c
            for c in (expectation.meta.get("column"), expectation.meta.get("fallback_column"))
            if isinstance(c, str)
        )
    return columns
